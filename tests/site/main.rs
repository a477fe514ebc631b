//! Integration tests: fixture sites written to temporary folders, built with the real binary,
//! and assertions on the files it writes and the diagnostics it prints.

#[cfg(unix)]
mod atomic;
mod audiences;
mod authoring;
mod build;
mod cache;
mod completeness;
mod data;
mod diagnostics;
mod events;
mod exports;
mod figures;
mod fixture;
mod hardening;
mod history;
mod i18n;
mod import;
mod layers;
mod links;
mod monthly;
mod national;
mod peers;
mod periods;
mod precompress;
mod samples;
mod scorecards;
mod search;
#[cfg(feature = "serve")]
mod serve;
mod snapshots;
mod starter;
mod trust;
mod unchanged;
