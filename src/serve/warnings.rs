//! What a rebuild of the preview says: every error, and of the warnings only those the rebuild
//! before did not say. An author saving one page sees what the save changed, not the same list
//! of unrelated warnings (an old review date elsewhere) after every save; one line counts the
//! warnings said before.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex};

use crate::diagnostic::Report;
use crate::msg;

/// The warnings the last rebuild had, by a key of each.
static SAID: Mutex<BTreeSet<u64>> = Mutex::new(BTreeSet::new());

/// The text to print for `report`: its errors, its new warnings, and a count of the others.
pub fn new_text(report: &Report, sources: &BTreeMap<String, Arc<str>>) -> String {
    let mut said = SAID.lock().unwrap_or_else(|e| e.into_inner());
    let mut shown = Report::in_language(report.language);
    let mut now = BTreeSet::new();
    let mut again = 0;
    for d in report.iter() {
        if d.is_error() {
            shown.push(d.clone());
            continue;
        }
        let key = crate::hashing::key(&(
            &d.path,
            d.at.map(|p| (p.line, p.column)),
            report.say(&d.message),
        ));
        now.insert(key);
        if said.contains(&key) {
            again += 1;
        } else {
            shown.push(d.clone());
        }
    }
    *said = now;
    let mut text = shown.render_human(sources);
    if again > 0 {
        text.push_str(&msg!(WarningsAsBefore, count = again).render(report.language));
        text.push('\n');
    }
    text
}
