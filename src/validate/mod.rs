//! Validators for SIP URIs, header values, whole messages (RFC 3261, RFC 4475) and SDP
//! (RFC 8866).
//!
//! Every validator reads its input once, front to back, and returns a [`Report`] listing
//! every problem it found: a stable [`ProblemCode`] (with a snake_case machine word), the
//! byte offset into the input and a short reason. No validator panics or allocates per
//! header; work is bounded by [`Limits`], and input beyond a limit is reported as
//! [`ProblemCode::SizeLimit`] instead of being examined.
//!
//! - [`validate_uri`]: SIP, SIPS and tel URIs; other schemes give `unknown_scheme`.
//! - [`uri_equal`]: URI equality by the rules of RFC 3261 section 19.1.4.
//! - [`validate_header`]: one header value, chosen by header name (full or compact).
//! - [`validate_message`]: a whole SIP request or response.
//! - [`validate_sdp`]: an SDP session description.
#![forbid(unsafe_code)]

mod codes;
mod compare;
mod header;
mod message;
mod scan;
mod sdp;
mod uri;

pub use codes::{ProblemCode, Severity};
pub use compare::uri_equal;
pub use header::{validate_header, validate_header_with_limits};
pub use message::{validate_message, validate_message_with_limits};
pub use sdp::{validate_sdp, validate_sdp_with_limits};
pub use uri::{validate_uri, validate_uri_with_limits};

/// One problem found in the input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Problem {
    /// What is wrong, as a stable code.
    pub code: ProblemCode,
    /// The byte offset into the validated input where the problem was seen.
    pub offset: usize,
    /// A short readable reason; static text, never a copy of the input.
    pub reason: &'static str,
}

impl Problem {
    /// Whether this problem makes the input invalid (an error) or is only worth noting.
    pub fn is_error(&self) -> bool {
        self.code.severity() == Severity::Error
    }
}

/// The outcome of one validation: every problem found, in input order per check.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    /// The problems, errors and warnings alike.
    pub problems: Vec<Problem>,
    /// True when more problems were found than [`Limits::max_problems`] allows; the rest
    /// were dropped after the last one was recorded as `too_many_problems`.
    pub truncated: bool,
}

impl Report {
    /// True when no problem of [`Severity::Error`] was found (warnings are allowed).
    pub fn ok(&self) -> bool {
        !self.problems.iter().any(Problem::is_error)
    }

    /// Whether a problem with this code was reported.
    pub fn has(&self, code: ProblemCode) -> bool {
        self.problems.iter().any(|problem| problem.code == code)
    }
}

/// Size limits that keep validation bounded. Input beyond a limit is reported as
/// `size_limit` and not examined further.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// The largest message, SDP body, URI or header value accepted, in bytes.
    pub max_input_bytes: usize,
    /// The longest single line (a header line or an SDP line), in bytes.
    pub max_line_bytes: usize,
    /// The most header fields in a message.
    pub max_headers: usize,
    /// The most lines in an SDP session description.
    pub max_sdp_lines: usize,
    /// The most parameters on one URI or one header element, and the most elements in one
    /// comma-separated header value.
    pub max_params: usize,
    /// The most problems recorded before the report is cut short.
    pub max_problems: usize,
}

impl Default for Limits {
    /// 64 KiB input, 8 KiB lines, 256 headers, 1024 SDP lines, 64 parameters, 64 problems.
    fn default() -> Self {
        Limits {
            max_input_bytes: 65_536,
            max_line_bytes: 8_192,
            max_headers: 256,
            max_sdp_lines: 1024,
            max_params: 64,
            max_problems: 64,
        }
    }
}

/// Collects problems for one validation run, honouring [`Limits::max_problems`].
pub(crate) struct Sink {
    report: Report,
    limit: usize,
}

impl Sink {
    pub(crate) fn new(limits: &Limits) -> Self {
        Sink {
            report: Report::default(),
            limit: limits.max_problems.max(1),
        }
    }

    /// Records one problem at an absolute offset.
    pub(crate) fn push(&mut self, code: ProblemCode, offset: usize, reason: &'static str) {
        if self.report.truncated {
            return;
        }
        if self.report.problems.len() + 1 >= self.limit {
            self.report.truncated = true;
            let last = Problem {
                code: ProblemCode::TooManyProblems,
                offset,
                reason: "more problems than the configured limit; the rest were dropped",
            };
            self.report.problems.push(last);
            return;
        }
        self.report.problems.push(Problem {
            code,
            offset,
            reason,
        });
    }

    /// The number of problems recorded so far.
    pub(crate) fn len(&self) -> usize {
        self.report.problems.len()
    }

    /// Whether any error was recorded after position `mark` (a value of [`Sink::len`]).
    pub(crate) fn errors_since(&self, mark: usize) -> bool {
        self.report.problems[mark.min(self.report.problems.len())..]
            .iter()
            .any(Problem::is_error)
    }

    /// Whether a problem with this code was recorded after `mark`.
    pub(crate) fn has_since(&self, mark: usize, code: ProblemCode) -> bool {
        let start = mark.min(self.report.problems.len());
        self.report.problems[start..]
            .iter()
            .any(|problem| problem.code == code)
    }

    pub(crate) fn finish(self) -> Report {
        self.report
    }
}
