//! The preview's connections: each served by hyper's HTTP/1 server with a time-out on reading a
//! request's headers, so that connections opened and left half-sent (by a stuck client or on
//! purpose) are closed instead of holding a socket and a task for as long as `serve` runs.

use std::time::Duration;

use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;

/// How long a connection may take to send a request's headers, the first one or the next one
/// on a kept-alive connection. A browser sends them at once; a reader who comes back to an idle
/// tab opens a new connection.
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);

/// Serves `app` on every connection `listener` accepts, until accepting fails for good.
pub async fn accept(listener: tokio::net::TcpListener, app: axum::Router) -> std::io::Result<()> {
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            // Out of file descriptors or a connection reset before it was accepted: the
            // listener is still good; wait a moment rather than spin.
            Err(e) if is_passing(&e) => {
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
            Err(e) => return Err(e),
        };
        let service = TowerToHyperService::new(app.clone());
        tokio::spawn(async move {
            let _ = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(HEADER_READ_TIMEOUT)
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

/// An error of one connection (or of a moment), not of the listener.
fn is_passing(error: &std::io::Error) -> bool {
    use std::io::ErrorKind::*;
    matches!(
        error.kind(),
        ConnectionAborted | ConnectionReset | ConnectionRefused | Interrupted | WouldBlock
    ) || matches!(error.raw_os_error(), Some(23 | 24 | 12 | 105))
}
