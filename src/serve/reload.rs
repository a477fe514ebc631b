//! Live reload: open pages listen on a server-sent event stream and reload when a build ends;
//! a failed build shows its diagnostics in an overlay over the last good page.

use std::convert::Infallible;
use std::time::Duration;

use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use tokio_stream::wrappers::WatchStream;
use tokio_stream::{Stream, StreamExt};

use super::AppState;

/// Adds the reload client (and the error overlay, when the last build failed) to an HTML page.
pub fn inject(html: &[u8], generation: u64, errors: Option<&str>) -> Vec<u8> {
    let html = String::from_utf8_lossy(html);
    // The errors' first line is the heading (in the site's language), the rest the problems.
    let overlay = errors.map_or_else(String::new, |text| {
        let (heading, problems) = text.split_once('\n').unwrap_or((text, ""));
        format!(
            "<div id=\"pitwall-errors\" role=\"alert\" style=\"position:fixed;inset:0;z-index:99999;overflow:auto;background:#14141c;color:#fff;padding:2rem;font:14px/1.5 ui-monospace,'Noto Sans Mono CJK SC',monospace\"><p style=\"font:600 18px sans-serif;color:#ff8a80\">{}</p><pre style=\"white-space:pre;overflow-x:auto\">{}</pre></div>",
            crate::markdown::escape_html(heading),
            crate::markdown::escape_html(problems)
        )
    });
    let script = format!(
        "<script>(()=>{{const g={generation};const s=new EventSource('/__pitwall/events');s.onmessage=e=>{{if(Number(e.data)!==g)location.reload()}};}})();</script>"
    );
    let insert = format!("{overlay}{script}");
    match html.rfind("</body>") {
        Some(at) => format!("{}{insert}{}", &html[..at], &html[at..]).into_bytes(),
        None => format!("{html}{insert}").into_bytes(),
    }
}

/// The event stream: the current build generation now, then each new one.
pub async fn events(
    State(state): State<AppState>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let stream = WatchStream::new(state.notify.subscribe())
        .map(|generation| Ok(Event::default().data(generation.to_string())));
    Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}

#[cfg(test)]
mod tests {
    /// The error overlay hides the page under it (an opaque background: the page's text does
    /// not show through), and keeps each line of a problem on one line, so that the caret
    /// under a long Chinese line stays under its spot.
    #[test]
    fn the_error_overlay_is_opaque_and_does_not_wrap_lines() {
        let html = b"<html><body><p>page text</p></body></html>";
        let out = super::inject(
            html,
            1,
            Some("heading\na.md:1:4: error: x\n  |\n1 | 客户\n"),
        );
        let out = String::from_utf8(out).unwrap();
        let overlay = &out[out.find("pitwall-errors").unwrap()..];
        assert!(overlay.contains("background:#14141c"), "{overlay}");
        assert!(
            !overlay[..overlay.find("</div>").unwrap()].contains("rgba("),
            "{overlay}"
        );
        assert!(
            overlay.contains("<pre style=\"white-space:pre;"),
            "{overlay}"
        );
    }
}
