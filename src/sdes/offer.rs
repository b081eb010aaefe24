//! The SDES offer/answer exchange (RFC 4568 section 5.1.2).
//!
//! The answerer picks one offered line and answers it with the same tag and suite and a
//! key of its own. Lines sipsec cannot honour are skipped, not fatal: an unparseable line,
//! an unknown or unsupported suite, a bad key, a repeated tag, and lines asking for
//! something sipsec will not do: `UNENCRYPTED_SRTP`, `UNENCRYPTED_SRTCP`,
//! `UNAUTHENTICATED_SRTP` (media would lose confidentiality or integrity), `FEC_KEY`
//! (there is no FEC stream), or an unknown session parameter without a leading `-`.

use super::{CryptoAttribute, CryptoSuite, SdesError, SessionParams, MAX_OFFER_LINES};

/// The outcome of an exchange: the offered line chosen and the answer line.
#[derive(Debug)]
pub struct Answer {
    /// The offered line that was chosen; its key protects the offerer's media.
    pub offered: CryptoAttribute,
    /// The answer line: the offered tag and suite with the answerer's fresh key.
    pub answer: CryptoAttribute,
    /// Why each skipped offer line was skipped, as `line N: reason`.
    pub skipped: Vec<String>,
}

/// The non-blank lines of a text holding several `a=crypto` lines, split on LF with any
/// trailing CR removed. More than [`MAX_OFFER_LINES`] lines is an error.
pub fn split_lines(text: &str) -> Result<Vec<&str>, SdesError> {
    let lines: Vec<&str> = text
        .split('\n')
        .map(|line| line.trim_end_matches('\r'))
        .filter(|line| !line.trim().is_empty())
        .take(MAX_OFFER_LINES + 1)
        .collect();

    if lines.len() > MAX_OFFER_LINES {
        return Err(SdesError::TooManyLines);
    }
    Ok(lines)
}

/// Answers an offer: picks the first suite of `preferences` that some usable line offers
/// (the earliest such line), or the first usable line when `preferences` is empty, and
/// answers it with a fresh key.
///
/// Fails with [`SdesError::NoAcceptableOffer`], listing every skipped line, when nothing
/// is usable.
pub fn answer_offer(
    offer_lines: &[&str],
    preferences: &[CryptoSuite],
) -> Result<Answer, SdesError> {
    if offer_lines.len() > MAX_OFFER_LINES {
        return Err(SdesError::TooManyLines);
    }

    let (usable, mut skipped) = usable_lines(offer_lines);
    let chosen = match preferences {
        [] => usable.into_iter().next(),
        _ => choose_by_preference(usable, preferences, &mut skipped),
    };

    let offered = chosen.ok_or_else(|| SdesError::NoAcceptableOffer(skipped.clone()))?;
    let answer = CryptoAttribute::generate(offered.tag(), offered.suite())?;
    Ok(Answer {
        offered,
        answer,
        skipped,
    })
}

/// The offer lines sipsec can honour, in offer order, and the reasons for the others.
fn usable_lines(offer_lines: &[&str]) -> (Vec<CryptoAttribute>, Vec<String>) {
    let mut usable: Vec<CryptoAttribute> = Vec::new();
    let mut skipped = Vec::new();

    for (position, line) in offer_lines.iter().enumerate() {
        let verdict = CryptoAttribute::parse(line).map_err(|error| error.to_string());
        let verdict = verdict.and_then(|attribute| {
            if usable
                .iter()
                .any(|earlier| earlier.tag() == attribute.tag())
            {
                return Err(format!("tag {} repeats an earlier line", attribute.tag()));
            }
            refusal(attribute.params()).map_or(Ok(attribute), Err)
        });

        match verdict {
            Ok(attribute) => usable.push(attribute),
            Err(reason) => skipped.push(format!("line {}: {reason}", position + 1)),
        }
    }
    (usable, skipped)
}

/// Why a line's session parameters cannot be honoured, or `None` when they can.
fn refusal(params: &SessionParams) -> Option<String> {
    let refused_flags = [
        (params.unencrypted_srtp, "UNENCRYPTED_SRTP"),
        (params.unencrypted_srtcp, "UNENCRYPTED_SRTCP"),
        (params.unauthenticated_srtp, "UNAUTHENTICATED_SRTP"),
        (!params.fec_keys.is_empty(), "FEC_KEY"),
    ];
    if let Some((_, name)) = refused_flags.iter().find(|flag| flag.0) {
        return Some(format!("session parameter {name} is not accepted"));
    }

    let unknown = params.unknown_mandatory().next()?;
    let shown: String = unknown.chars().take(48).collect();
    Some(format!(
        "unknown session parameter '{shown}' cannot be honoured"
    ))
}

fn choose_by_preference(
    usable: Vec<CryptoAttribute>,
    preferences: &[CryptoSuite],
    skipped: &mut Vec<String>,
) -> Option<CryptoAttribute> {
    let best = preferences.iter().find_map(|suite| {
        usable
            .iter()
            .position(|attribute| attribute.suite() == *suite)
    });

    if best.is_none() {
        for attribute in &usable {
            let suite = attribute.suite();
            skipped.push(format!(
                "tag {}: suite {suite} is not in the preferences",
                attribute.tag()
            ));
        }
    }
    best.map(|index| usable.into_iter().nth(index).expect("index found above"))
}

/// Checks an answer on the offerer's side: exactly one line, whose tag was offered with
/// the same suite and the same `UNENCRYPTED_*`/`UNAUTHENTICATED_SRTP` parameters (they
/// describe both directions, RFC 4568 sections 6.3.2 and 6.3.3).
///
/// `offer_lines` are the lines this side sent; each must parse. Returns the offered line
/// the answer accepts and the parsed answer; `skipped` is empty.
pub fn verify_answer(offer_lines: &[&str], answer_lines: &[&str]) -> Result<Answer, SdesError> {
    if offer_lines.len() > MAX_OFFER_LINES {
        return Err(SdesError::TooManyLines);
    }
    let [answer_line] = answer_lines else {
        let count = answer_lines.len();
        return Err(SdesError::BadAnswer(format!(
            "{count} crypto lines, exactly one is needed"
        )));
    };

    let answer = CryptoAttribute::parse(answer_line)?;
    let offered = find_offered(offer_lines, answer.tag())?;
    check_answer_matches(&offered, &answer)?;

    Ok(Answer {
        offered,
        answer,
        skipped: Vec::new(),
    })
}

fn find_offered(offer_lines: &[&str], tag: u32) -> Result<CryptoAttribute, SdesError> {
    for line in offer_lines {
        let offered = CryptoAttribute::parse(line)?;
        if offered.tag() == tag {
            return Ok(offered);
        }
    }
    Err(SdesError::BadAnswer(format!("tag {tag} was never offered")))
}

fn check_answer_matches(
    offered: &CryptoAttribute,
    answer: &CryptoAttribute,
) -> Result<(), SdesError> {
    if offered.suite() != answer.suite() {
        let why = format!(
            "tag {} was offered with {} but answered with {}",
            offered.tag(),
            offered.suite(),
            answer.suite()
        );
        return Err(SdesError::BadAnswer(why));
    }

    let (ours, theirs) = (offered.params(), answer.params());
    let declarative = [
        (
            ours.unencrypted_srtp,
            theirs.unencrypted_srtp,
            "UNENCRYPTED_SRTP",
        ),
        (
            ours.unencrypted_srtcp,
            theirs.unencrypted_srtcp,
            "UNENCRYPTED_SRTCP",
        ),
        (
            ours.unauthenticated_srtp,
            theirs.unauthenticated_srtp,
            "UNAUTHENTICATED_SRTP",
        ),
    ];
    match declarative
        .iter()
        .find(|(offer, answer, _)| offer != answer)
    {
        Some((_, _, name)) => Err(SdesError::BadAnswer(format!(
            "{name} differs from the offer"
        ))),
        None => Ok(()),
    }
}
