//! Why an `a=crypto` attribute or an offer/answer exchange was refused.

use std::fmt;

/// The family an [`SdesError`] belongs to; each maps to one C status.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SdesErrorKind {
    /// The text does not follow the RFC 4568 section 9.1 grammar or its limits.
    Parse,
    /// The crypto-suite name is not registered (or is an unregistered alias).
    UnknownSuite,
    /// The crypto-suite is registered but sipsec does not implement it.
    UnsupportedSuite,
    /// An `inline:` key is not base64 or has the wrong length for the suite.
    BadKey,
    /// No line of an offer can be accepted.
    NoAcceptableOffer,
    /// An answer does not fit the offer it answers.
    BadAnswer,
    /// The attribute asks for something the SRTP session cannot do.
    Unsupported,
    /// The SRTP session refused the attribute's keys or parameters.
    Srtp,
}

/// What is wrong with one key-param (`inline:<key||salt>[|lifetime][|MKI:length]`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KeyParamProblem {
    /// The key method is not `inline` (RFC 4568 section 9.1 defines no other).
    UnsupportedMethod(String),
    /// The key-param has no `method:` prefix.
    MissingMethod,
    /// The key-info holds more than key, lifetime and MKI.
    TooManyFields,
    /// The key is not base64.
    NotBase64,
    /// The key decodes to `found` bytes where the suite needs `needed`.
    WrongLength {
        /// The decoded length.
        found: usize,
        /// The suite's master key plus master salt length.
        needed: usize,
    },
    /// The lifetime is malformed or out of range; the text says how.
    BadLifetime(&'static str),
    /// The MKI is malformed or out of range; the text says how.
    BadMki(&'static str),
    /// Several key-params are given but this one has no MKI (RFC 4568 section 6.1).
    MkiRequired,
    /// This MKI's length differs from the first key-param's.
    MkiLengthMismatch,
    /// This MKI value is already used by an earlier key-param.
    DuplicateMki,
}

/// Why an `a=crypto` attribute or an offer/answer exchange was refused.
///
/// The messages name the field at fault and never contain key material.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SdesError {
    /// The attribute is longer than [`super::MAX_LINE_LEN`] bytes.
    TooLong(usize),
    /// A required field (tag, crypto-suite, key-params) is missing.
    Missing(&'static str),
    /// The tag is not 1 to 9 decimal digits.
    BadTag,
    /// The crypto-suite name is not registered or is an alias; the name is echoed.
    UnknownSuite(String),
    /// The crypto-suite is registered but not implemented.
    UnsupportedSuite(&'static str),
    /// More key-params than [`super::MAX_KEY_PARAMS`].
    TooManyKeyParams,
    /// One key-param is wrong. `fec` tells whether it sits in `FEC_KEY=`; `index` counts
    /// from 1.
    KeyParam {
        /// Whether the key-param belongs to the `FEC_KEY` session parameter.
        fec: bool,
        /// The key-param's position, from 1.
        index: usize,
        /// What is wrong with it.
        problem: KeyParamProblem,
    },
    /// A session parameter is malformed; `name` is the parameter, `why` the check.
    SessionParam {
        /// The parameter name, such as `KDR`.
        name: &'static str,
        /// What is wrong with its value.
        why: &'static str,
    },
    /// A session parameter appears twice.
    RepeatedSessionParam(&'static str),
    /// More session parameters than [`super::MAX_SESSION_PARAMS`].
    TooManySessionParams,
    /// An offer holds more lines than [`super::MAX_OFFER_LINES`].
    TooManyLines,
    /// No line of the offer is acceptable; each skipped line's reason is listed.
    NoAcceptableOffer(Vec<String>),
    /// The answer does not fit the offer; the text says how.
    BadAnswer(String),
    /// The attribute asks for something an SRTP session cannot do; the text names it.
    Unsupported(String),
    /// The SRTP session refused the attribute's keys or parameters.
    Srtp(crate::srtp::Error),
}

impl SdesError {
    /// The family of the error, for mapping to a status code.
    pub fn kind(&self) -> SdesErrorKind {
        match self {
            SdesError::UnknownSuite(_) => SdesErrorKind::UnknownSuite,
            SdesError::UnsupportedSuite(_) => SdesErrorKind::UnsupportedSuite,
            SdesError::KeyParam {
                problem: KeyParamProblem::NotBase64 | KeyParamProblem::WrongLength { .. },
                ..
            } => SdesErrorKind::BadKey,
            SdesError::NoAcceptableOffer(_) => SdesErrorKind::NoAcceptableOffer,
            SdesError::BadAnswer(_) => SdesErrorKind::BadAnswer,
            SdesError::Unsupported(_) => SdesErrorKind::Unsupported,
            SdesError::Srtp(_) => SdesErrorKind::Srtp,
            _ => SdesErrorKind::Parse,
        }
    }
}

impl fmt::Display for KeyParamProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeyParamProblem::UnsupportedMethod(method) => {
                write!(f, "key method '{method}' is not supported (only 'inline')")
            }
            KeyParamProblem::MissingMethod => f.write_str("missing the 'inline:' key method"),
            KeyParamProblem::TooManyFields => {
                f.write_str("more than key, lifetime and MKI separated by '|'")
            }
            KeyParamProblem::NotBase64 => f.write_str("inline key is not valid base64"),
            KeyParamProblem::WrongLength { found, needed } => {
                write!(
                    f,
                    "inline key decodes to {found} bytes, the suite needs {needed}"
                )
            }
            KeyParamProblem::BadLifetime(why) => write!(f, "lifetime {why}"),
            KeyParamProblem::BadMki(why) => write!(f, "MKI {why}"),
            KeyParamProblem::MkiRequired => {
                f.write_str("an MKI is required when several keys are given")
            }
            KeyParamProblem::MkiLengthMismatch => {
                f.write_str("MKI length differs from the first key's")
            }
            KeyParamProblem::DuplicateMki => f.write_str("MKI value is used by an earlier key"),
        }
    }
}

impl fmt::Display for SdesError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SdesError::TooLong(len) => {
                write!(
                    f,
                    "attribute is {len} bytes, longer than {}",
                    super::MAX_LINE_LEN
                )
            }
            SdesError::Missing(field) => write!(f, "missing {field}"),
            SdesError::BadTag => f.write_str("tag is not 1 to 9 decimal digits"),
            SdesError::UnknownSuite(name) => write!(f, "unknown crypto-suite '{name}'"),
            SdesError::UnsupportedSuite(name) => {
                write!(f, "crypto-suite '{name}' is registered but not supported")
            }
            SdesError::TooManyKeyParams => {
                write!(f, "more than {} key-params", super::MAX_KEY_PARAMS)
            }
            SdesError::KeyParam {
                fec,
                index,
                problem,
            } => {
                let place = if *fec {
                    "FEC_KEY key-param"
                } else {
                    "key-param"
                };
                write!(f, "{place} {index}: {problem}")
            }
            SdesError::SessionParam { name, why } => write!(f, "session parameter {name}: {why}"),
            SdesError::RepeatedSessionParam(name) => {
                write!(f, "session parameter {name} appears twice")
            }
            SdesError::TooManySessionParams => {
                write!(
                    f,
                    "more than {} session parameters",
                    super::MAX_SESSION_PARAMS
                )
            }
            SdesError::TooManyLines => {
                write!(f, "more than {} crypto lines", super::MAX_OFFER_LINES)
            }
            SdesError::NoAcceptableOffer(reasons) if reasons.is_empty() => {
                write!(f, "no acceptable crypto line: the offer has no crypto line")
            }
            SdesError::NoAcceptableOffer(reasons) => {
                write!(f, "no acceptable crypto line: {}", reasons.join("; "))
            }
            SdesError::BadAnswer(why) => write!(f, "answer does not fit the offer: {why}"),
            SdesError::Unsupported(what) => {
                write!(f, "{what} cannot be applied to an SRTP session")
            }
            SdesError::Srtp(error) => write!(f, "SRTP session: {error}"),
        }
    }
}

impl std::error::Error for SdesError {}
