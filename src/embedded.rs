//! Files compiled into the binary by `build.rs`, every file of each folder, sorted by path:
//! the default theme's templates (`THEME_TEMPLATES`, names such as `base.html` and
//! `partials/kind.html`) and static files (`THEME_STATIC`, names such as `search.js`) from
//! `themes/default/`, and the starter sites of `pitwall init` (`STARTER`, paths such as
//! `zh-CN/site.yaml`) from `starter/`.

include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
