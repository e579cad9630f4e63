//! `crosscheck review REPORT_DIR`: a local web server for the review page.
//!
//! It listens on 127.0.0.1 only and answers only requests addressed to itself:
//! a `Host` other than `127.0.0.1:PORT` or `localhost:PORT` (DNS rebinding), an
//! `Origin` other than its own, or `Sec-Fetch-Site: cross-site` get 403, a
//! POST without an `Origin` (or `Sec-Fetch-Site: same-origin`) gets 403, and
//! two `Host` headers get 400 (RFC 9110), so no other page in the browser
//! can write verdicts.
//!
//! It is hyper's HTTP/1 server on a small tokio runtime, chosen over
//! hand-rolled limits on a thread-per-connection server because hyper
//! enforces them while it reads: headers must arrive within
//! [`HEADER_TIMEOUT`] and fit in [`MAX_HEADER_BYTES`], a body is refused
//! (413) from its `Content-Length` before it is read and otherwise cut at
//! [`MAX_BODY`] bytes while read, within [`BODY_TIMEOUT`]; a connection
//! lives at most [`CONNECTION_TIMEOUT`], and at most [`MAX_CONNECTIONS`] are
//! open at once (more are closed at once), so slow or huge requests cannot
//! keep others from being answered or fill memory. The page is static; all
//! report text reaches it as JSON and is put into the page as text
//! (`textContent`), and a content security policy forbids inline scripts.
//!
//! | route | does |
//! | --- | --- |
//! | `GET /` | the page ([`super::page`]) |
//! | `GET /review.js`, `GET /review.css` | its script and style |
//! | `GET /api/pairs` | the list: each pair's relation, kind, documents, first sentence and latest verdict, as JSON |
//! | `GET /api/pair/ID` | one pair in full: its sentences with evidence and context, explanation, caveats and verdict history |
//! | `POST /api/verdict` | `{"pair", "verdict", "note"?, "reviewer"?}`: appends a line to the verdict file, synced before the answer (`unsure` and `cleared` are verdicts too) |
//! | `GET /api/export` | the decided verdicts as known pairs (JSONL, as `crosscheck review export --to known-pairs`), to download |

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::header::HeaderMap;
use hyper::{Method, Request, Response};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::id::PairId;
use crate::report::{PairEntry, Report, Side, Status};
use crate::segment::Segmenter;

use super::documents::Documents;
use super::verdicts::{self, Verdict, VerdictLine, VerdictLog, Verdicts};

/// The largest request body accepted.
pub const MAX_BODY: usize = 64 * 1024;

/// The most header bytes read for one request (hyper's read buffer).
pub const MAX_HEADER_BYTES: usize = 16 * 1024;

/// Time allowed for a request's headers to arrive.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);

/// Time allowed for a request's body to arrive.
pub const BODY_TIMEOUT: Duration = Duration::from_secs(10);

/// The longest a connection stays open.
pub const CONNECTION_TIMEOUT: Duration = Duration::from_secs(120);

/// Connections open at once; more are closed when accepted.
pub const MAX_CONNECTIONS: usize = 256;

/// Threads answering requests.
const WORKERS: usize = 2;

/// An answer.
type Answer = Response<Full<Bytes>>;

/// The review server, bound and ready to [`serve`](ReviewServer::serve).
pub struct ReviewServer {
    listener: std::net::TcpListener,
    port: u16,
    report: Report,
    by_id: BTreeMap<PairId, usize>,
    documents: Documents,
    log: VerdictLog,
    verdicts: Mutex<Verdicts>,
    reviewer: Option<String>,
}

/// A piece of a sentence: highlighted evidence or plain text.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Part {
    /// The text.
    pub text: String,
    /// What the evidence is (`value`, `head`, `scope`...), for highlighted parts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mark: Option<String>,
}

#[derive(Serialize)]
struct SideView<'r> {
    /// The document's name, for filters.
    doc: &'r str,
    /// Its name with its title and source, to show.
    label: String,
    parts: Vec<Part>,
    before: Option<String>,
    after: Option<String>,
}

/// A pair in the list: what the filters, the list and the progress need.
/// The rest comes per pair ([`PairDetail`]), so a report of 10,000 pairs
/// loads quickly.
#[derive(Serialize)]
struct PairView<'r> {
    id: PairId,
    relation: &'static str,
    kind: Option<&'static str>,
    confidence: f32,
    abstained: bool,
    status: Status,
    verdict: Option<Verdict>,
    note: Option<&'r str>,
    reviewer: Option<&'r str>,
    at: Option<&'r str>,
    a: SideBrief<'r>,
    b: SideBrief<'r>,
}

#[derive(Serialize)]
struct SideBrief<'r> {
    doc: &'r str,
    text: &'r str,
}

impl<'r> SideBrief<'r> {
    fn of(side: &'r Side) -> Self {
        SideBrief {
            doc: &side.doc_name,
            text: &side.text,
        }
    }
}

/// One pair shown in full: its sentences with their evidence and context,
/// its explanation, and every verdict line on it.
#[derive(Serialize)]
struct PairDetail<'r> {
    id: PairId,
    explanation: &'r str,
    caveats: &'r [String],
    /// Every verdict line on the pair, oldest first.
    history: Vec<HistoryEntry<'r>>,
    a: SideView<'r>,
    b: SideView<'r>,
}

#[derive(Serialize)]
struct HistoryEntry<'r> {
    verdict: Verdict,
    note: Option<&'r str>,
    reviewer: Option<&'r str>,
    at: &'r str,
}

#[derive(Deserialize)]
struct Decision {
    pair: String,
    verdict: String,
    #[serde(default)]
    note: Option<String>,
    #[serde(default)]
    reviewer: Option<String>,
}

impl ReviewServer {
    /// Binds 127.0.0.1:`port` (0 picks a free port) for `report`, with
    /// verdicts appended to `verdict_file`; `reviewer` is the name the page
    /// starts with. Also returns what the verdict file held, so the caller
    /// can report its bad lines.
    pub fn bind(report: Report, verdict_file: &Path, port: u16, reviewer: Option<String>) -> Result<(Self, Verdicts)> {
        let existing = verdicts::read(verdict_file)?;
        let log = VerdictLog::open(verdict_file)?;
        let listener = std::net::TcpListener::bind(("127.0.0.1", port))
            .map_err(|e| Error::Usage(format!("cannot listen on 127.0.0.1:{port}: {e}")))?;
        let port = listener
            .local_addr()
            .map(|a| a.port())
            .map_err(|e| Error::Usage(format!("the server has no address: {e}")))?;
        let documents = Documents::load(&report);
        let by_id = report.pairs.iter().enumerate().map(|(i, p)| (p.id, i)).collect();
        Ok((
            ReviewServer {
                listener,
                port,
                report,
                by_id,
                documents,
                log,
                verdicts: Mutex::new(existing.clone()),
                reviewer,
            },
            existing,
        ))
    }

    /// The port it listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The page's address.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}/", self.port)
    }

    /// Answers requests until the process ends. Verdict appends are
    /// serialized by the verdict log's mutex.
    pub fn serve(self) -> Result<()> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(WORKERS)
            .enable_all()
            .build()
            .map_err(|e| Error::Usage(format!("cannot start the server: {e}")))?;
        runtime.block_on(self.accept())
    }

    async fn accept(self) -> Result<()> {
        let listen = |e: std::io::Error| Error::Usage(format!("cannot listen on 127.0.0.1:{}: {e}", self.port));
        self.listener.set_nonblocking(true).map_err(listen)?;
        let listener = tokio::net::TcpListener::from_std(self.listener.try_clone().map_err(listen)?).map_err(listen)?;
        let server = Arc::new(self);
        let open = Arc::new(tokio::sync::Semaphore::new(MAX_CONNECTIONS));
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                continue;
            };
            // Over the bound, the connection is closed unanswered.
            let Ok(permit) = open.clone().try_acquire_owned() else {
                continue;
            };
            let server = server.clone();
            tokio::spawn(async move {
                let service = hyper::service::service_fn(move |request| {
                    let server = server.clone();
                    async move { Ok::<_, std::convert::Infallible>(server.handle(request).await) }
                });
                let connection = hyper::server::conn::http1::Builder::new()
                    .timer(hyper_util::rt::TokioTimer::new())
                    .header_read_timeout(HEADER_TIMEOUT)
                    .max_buf_size(MAX_HEADER_BYTES)
                    .serve_connection(hyper_util::rt::TokioIo::new(stream), service);
                let _ = tokio::time::timeout(CONNECTION_TIMEOUT, connection).await;
                drop(permit);
            });
        }
    }

    async fn handle(&self, request: Request<Incoming>) -> Answer {
        let (parts, body) = request.into_parts();
        let headers = &parts.headers;
        let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_string);
        if headers.get_all("host").iter().count() > 1 {
            return error(400, "bad request: more than one Host header");
        }
        if let Err(why) = self.check_origin(header("host"), header("origin"), header("sec-fetch-site")) {
            return reply(403, "text/plain; charset=utf-8", why.into_bytes());
        }
        // A verdict comes from the page: its Origin (or a same-origin fetch) is required.
        let from_page = header("origin").is_some()
            || header("sec-fetch-site").is_some_and(|s| s.trim().eq_ignore_ascii_case("same-origin"));
        if parts.method == Method::POST && !from_page {
            return error(
                403,
                "forbidden: a POST needs an Origin header (the review page sends one)",
            );
        }
        match (&parts.method, parts.uri.path()) {
            (&Method::GET, "/") => reply(200, "text/html; charset=utf-8", super::page::HTML.into()),
            (&Method::GET, "/review.js") => reply(200, "text/javascript; charset=utf-8", super::page::SCRIPT.into()),
            (&Method::GET, "/review.css") => reply(200, "text/css; charset=utf-8", super::page::STYLE.into()),
            (&Method::GET, "/api/pairs") => json(200, &self.pairs_json()),
            (&Method::GET, "/api/export") => self.export(),
            (&Method::GET, path) if path.starts_with("/api/pair/") => self.pair_json(&path["/api/pair/".len()..]),
            (&Method::POST, "/api/verdict") => {
                let is_json = header("content-type").is_some_and(|c| c.starts_with("application/json"));
                if !is_json {
                    return error(415, "send application/json");
                }
                if declared_length(headers).is_some_and(|n| n > MAX_BODY as u64) {
                    return error(413, "request too large");
                }
                let read = tokio::time::timeout(BODY_TIMEOUT, Limited::new(body, MAX_BODY).collect()).await;
                match read {
                    Err(_) => error(408, "the request body did not arrive in time"),
                    Ok(Err(e)) if e.downcast_ref::<http_body_util::LengthLimitError>().is_some() => {
                        error(413, "request too large")
                    }
                    Ok(Err(e)) => error(400, &format!("cannot read the request: {e}")),
                    Ok(Ok(collected)) => self.decide(&collected.to_bytes()),
                }
            }
            (_, "/" | "/review.js" | "/review.css" | "/api/pairs" | "/api/verdict" | "/api/export") => {
                error(405, "method not allowed")
            }
            _ => error(404, "not found"),
        }
    }

    /// Whether a request is addressed to this server by a page of its own.
    fn check_origin(
        &self,
        host: Option<String>,
        origin: Option<String>,
        fetch_site: Option<String>,
    ) -> std::result::Result<(), String> {
        let own_hosts = [format!("127.0.0.1:{}", self.port), format!("localhost:{}", self.port)];
        match host {
            Some(h) if own_hosts.iter().any(|o| o.eq_ignore_ascii_case(h.trim())) => {}
            Some(h) => return Err(format!("forbidden: Host {h:?} is not this server")),
            None => return Err("forbidden: no Host header".into()),
        }
        if let Some(o) = origin {
            let own = own_hosts
                .iter()
                .any(|h| o.trim().eq_ignore_ascii_case(&format!("http://{h}")));
            if !own {
                return Err(format!("forbidden: Origin {o:?} is not this server"));
            }
        }
        if fetch_site.is_some_and(|s| s.trim().eq_ignore_ascii_case("cross-site")) {
            return Err("forbidden: cross-site request".into());
        }
        Ok(())
    }

    fn pairs_json(&self) -> serde_json::Value {
        let verdicts = self.verdicts.lock().unwrap_or_else(|p| p.into_inner());
        let latest = verdicts.match_report(&self.report).by_pair;
        let pairs: Vec<PairView<'_>> = self
            .report
            .pairs
            .iter()
            .map(|p| {
                let v = latest.get(&p.id).copied();
                PairView {
                    id: p.id,
                    relation: p.relation.as_str(),
                    kind: p.kind.map(|k| k.as_str()),
                    confidence: p.confidence,
                    abstained: p.abstained,
                    status: v.map_or(Status::New, |v| v.verdict.status_for(p.relation)),
                    verdict: v.map(|v| v.verdict),
                    note: v.and_then(|v| v.note.as_deref()),
                    reviewer: v.and_then(|v| v.reviewer.as_deref()),
                    at: v.map(|v| v.at.as_str()),
                    a: SideBrief::of(&p.a),
                    b: SideBrief::of(&p.b),
                }
            })
            .collect();
        serde_json::json!({
            "corpus": self.report.corpus,
            "verdict_file": self.log.path().display().to_string(),
            "bad_lines": verdicts.bad_lines,
            "reviewer": self.reviewer,
            "pairs": pairs,
        })
    }

    /// `GET /api/pair/ID`: one pair in full.
    fn pair_json(&self, id: &str) -> Answer {
        let Some(p) = PairId::parse(id)
            .and_then(|id| self.by_id.get(&id))
            .map(|&i| &self.report.pairs[i])
        else {
            return error(404, &format!("no pair {id:?} in this report"));
        };
        let verdicts = self.verdicts.lock().unwrap_or_else(|p| p.into_inner());
        let history = verdicts
            .history(p.id)
            .map(|line| HistoryEntry {
                verdict: line.verdict,
                note: line.note.as_deref(),
                reviewer: line.reviewer.as_deref(),
                at: &line.at,
            })
            .collect();
        let segmenter = Segmenter::default();
        json(
            200,
            &PairDetail {
                id: p.id,
                explanation: &p.explanation,
                caveats: &p.caveats,
                history,
                a: self.side_view(&p.a, &segmenter),
                b: self.side_view(&p.b, &segmenter),
            },
        )
    }

    fn side_view<'r>(&self, side: &'r Side, segmenter: &Segmenter) -> SideView<'r> {
        let context = self.documents.context(side, segmenter);
        SideView {
            doc: &side.doc_name,
            label: self.report.doc_label(side),
            parts: parts(side),
            before: context.before,
            after: context.after,
        }
    }

    fn decide(&self, body: &[u8]) -> Answer {
        let decision: Decision = match serde_json::from_slice(body) {
            Ok(d) => d,
            Err(e) => return error(400, &format!("bad request: {e}")),
        };
        let Some(pair) = PairId::parse(&decision.pair)
            .and_then(|id| self.by_id.get(&id))
            .map(|&i| &self.report.pairs[i])
        else {
            return error(404, &format!("no pair {:?} in this report", decision.pair));
        };
        let verdict: Verdict = match decision.verdict.parse() {
            Ok(v) => v,
            Err(e) => return error(400, &e),
        };
        let reviewer = decision.reviewer.or_else(|| self.reviewer.clone());
        let line = VerdictLine::new(pair, verdict, decision.note, reviewer);
        let mut verdicts = self.verdicts.lock().unwrap_or_else(|p| p.into_inner());
        if let Err(e) = self.log.append(&line) {
            return error(500, &format!("the verdict was not saved: {e}"));
        }
        let answer = saved(pair, &line);
        verdicts.push(line);
        json(200, &answer)
    }
}

impl ReviewServer {
    /// The decided verdicts as known pairs, as a file to download.
    fn export(&self) -> Answer {
        let verdicts = self.verdicts.lock().unwrap_or_else(|p| p.into_inner());
        let pairs: Vec<_> = super::export::known_pairs(&verdicts)
            .into_iter()
            .map(|(p, _)| p)
            .collect();
        let mut answer = reply(
            200,
            "application/x-ndjson; charset=utf-8",
            super::export::render(&pairs).into_bytes(),
        );
        answer.headers_mut().insert(
            hyper::header::CONTENT_DISPOSITION,
            hyper::header::HeaderValue::from_static("attachment; filename=\"known-pairs.jsonl\""),
        );
        answer
    }
}

fn saved(pair: &PairEntry, line: &VerdictLine) -> serde_json::Value {
    serde_json::json!({
        "pair": pair.id,
        "verdict": line.verdict,
        "status": line.verdict.status_for(pair.relation),
        "note": line.note,
        "reviewer": line.reviewer,
        "at": line.at,
    })
}

/// A side's sentence cut into plain and highlighted parts (evidence spans
/// are byte spans in the document; overlapping ones are merged).
pub fn parts(side: &Side) -> Vec<Part> {
    let text = side.text.as_str();
    let base = side.span.start;
    let mut marks: Vec<(usize, usize, &str)> = side
        .evidence
        .iter()
        .filter_map(|e| {
            let start = e.span.start.checked_sub(base)?;
            let end = e.span.end.checked_sub(base)?.min(text.len());
            (start < end && text.is_char_boundary(start) && text.is_char_boundary(end)).then_some((
                start,
                end,
                e.role.as_str(),
            ))
        })
        .collect();
    marks.sort();
    let mut out = Vec::new();
    let mut at = 0;
    for (start, end, role) in marks {
        let start = start.max(at);
        if start >= end {
            continue;
        }
        if start > at {
            out.push(Part {
                text: text[at..start].to_string(),
                mark: None,
            });
        }
        out.push(Part {
            text: text[start..end].to_string(),
            mark: Some(role.to_string()),
        });
        at = end;
    }
    if at < text.len() {
        out.push(Part {
            text: text[at..].to_string(),
            mark: None,
        });
    }
    out
}

/// The `Content-Length` a request declares, when it is a number.
fn declared_length(headers: &HeaderMap) -> Option<u64> {
    headers.get("content-length")?.to_str().ok()?.trim().parse().ok()
}

fn reply(status: u16, content_type: &str, body: Vec<u8>) -> Answer {
    let headers = [
        ("Content-Type", content_type),
        ("Cache-Control", "no-store"),
        ("X-Content-Type-Options", "nosniff"),
        ("X-Frame-Options", "DENY"),
        ("Referrer-Policy", "no-referrer"),
        (
            "Content-Security-Policy",
            "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; \
             base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
        ),
    ];
    let mut response = Response::builder().status(status);
    for (name, value) in headers {
        response = response.header(name, value);
    }
    response
        .body(Full::new(Bytes::from(body)))
        .expect("status and headers are valid")
}

fn json(status: u16, value: &impl Serialize) -> Answer {
    let body = serde_json::to_vec(value).expect("JSON answers serialize");
    reply(status, "application/json", body)
}

fn error(status: u16, message: &str) -> Answer {
    json(status, &serde_json::json!({ "error": message }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::id::{Fingerprint, SentenceId};
    use crate::report::EvidenceEntry;
    use crate::span::Span;

    #[test]
    fn parts_cut_at_evidence_and_merge_overlaps() {
        let side = Side {
            sentence: SentenceId(1),
            doc: Fingerprint(1),
            doc_name: "a.txt".into(),
            span: Span::new(10, 30),
            text: "her first tour abroad".into(),
            evidence: vec![
                EvidenceEntry {
                    span: Span::new(14, 19),
                    role: "value".into(),
                    text: "first".into(),
                },
                EvidenceEntry {
                    span: Span::new(16, 24),
                    role: "head".into(),
                    text: "rst tour".into(),
                },
            ],
        };
        let got: Vec<(String, Option<String>)> = parts(&side).into_iter().map(|p| (p.text, p.mark)).collect();
        assert_eq!(
            got,
            [
                ("her ".to_string(), None),
                ("first".to_string(), Some("value".to_string())),
                (" tour".to_string(), Some("head".to_string())),
                (" abroad".to_string(), None),
            ]
        );
    }
}
