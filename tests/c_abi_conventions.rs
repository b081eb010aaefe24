//! Checks on the C ABI as a whole: the committed header is current, every export goes through
//! the panic boundary, and the version constants match Cargo.toml.

use sipsec::ffi::status::{sipsec_status, ALL_STATUSES};
use std::ffi::CStr;
use std::fs;
use std::path::{Path, PathBuf};

fn crate_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn committed_header_matches_a_fresh_render() {
    let fresh = fs::read_to_string(env!("SIPSEC_RENDERED_HEADER")).expect("build.rs rendered it");
    let committed = fs::read_to_string(crate_root().join("include/sipsec.h")).unwrap_or_default();

    assert!(
        fresh == committed,
        "include/sipsec.h is out of date with the sources; regenerate it with `make header` \
         (SIPSEC_UPDATE_HEADER=1 cargo build) and commit the result"
    );
}

fn ffi_sources(dir: &Path, found: &mut Vec<(PathBuf, String)>) {
    for entry in fs::read_dir(dir).expect("src/ffi is readable") {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            ffi_sources(&path, found);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            let text = fs::read_to_string(&path).expect("source is readable");
            found.push((path, text));
        }
    }
}

/// The exported functions in one source file, each with the first statement of its body.
fn exports_with_first_statement(source: &str) -> Vec<(String, String)> {
    let mut exports = Vec::new();
    let mut rest = source;
    while let Some(at) = rest.find("extern \"C\" fn ") {
        let after = &rest[at + "extern \"C\" fn ".len()..];
        let name: String = after
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        let body_start = after.find('{').expect("a function body follows");
        let body = after[body_start + 1..].trim_start();
        let first_statement: String = body.chars().take_while(|c| *c != '(').collect();
        exports.push((name, first_statement.trim().to_string()));
        rest = &after[body_start..];
    }
    exports
}

/// Whether a header line declares a function: `... sipsec_name(` outside a comment.
fn declares_function(line: &str) -> bool {
    let code = line.trim_start();
    if code.starts_with('*') || code.starts_with("/*") || code.starts_with('#') {
        return false;
    }
    code.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '('))
        .any(|word| word.starts_with("sipsec_") && word.contains('('))
}

#[test]
fn every_export_goes_through_the_panic_boundary() {
    let mut sources = Vec::new();
    ffi_sources(&crate_root().join("src/ffi"), &mut sources);
    let boundaries = [
        "boundary",
        "boundary_value",
        "boundary_void",
        "inspect_last_error",
    ];

    let mut exports = Vec::new();
    for (path, text) in &sources {
        for (name, first) in exports_with_first_statement(text) {
            assert!(
                boundaries.contains(&first.as_str()),
                "{} in {} does not start with a boundary call (found `{first}`)",
                name,
                path.display()
            );
            exports.push(name);
        }
    }

    let header = fs::read_to_string(crate_root().join("include/sipsec.h")).unwrap_or_default();
    let declared = header
        .lines()
        .filter(|line| declares_function(line))
        .count();
    assert!(exports.len() >= 4, "found only {} exports", exports.len());
    assert_eq!(
        declared,
        exports.len(),
        "the header declares {declared} functions but the sources export {}",
        exports.len()
    );
}

#[test]
fn every_header_name_carries_the_sipsec_prefix() {
    let header = fs::read_to_string(crate_root().join("include/sipsec.h")).unwrap_or_default();

    for line in header.lines() {
        let declared = line
            .strip_prefix("#define ")
            .or_else(|| line.strip_prefix("typedef struct "))
            .or_else(|| line.strip_prefix("typedef enum "))
            .or_else(|| line.strip_prefix("enum "))
            .or_else(|| line.strip_prefix("struct "));
        let Some(rest) = declared else { continue };
        let name: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if name.is_empty() {
            continue;
        }
        assert!(
            name.starts_with("sipsec_") || name.starts_with("SIPSEC_"),
            "include/sipsec.h declares `{name}` without the sipsec prefix: {line}"
        );
    }
}

#[test]
fn version_constants_match_cargo_toml() {
    use sipsec::ffi::version::*;
    let expected: Vec<u32> = env!("CARGO_PKG_VERSION")
        .split('.')
        .map(|part| part.parse().expect("numeric"))
        .collect();

    assert_eq!(
        vec![
            SIPSEC_VERSION_MAJOR,
            SIPSEC_VERSION_MINOR,
            SIPSEC_VERSION_PATCH
        ],
        expected
    );

    let reported = unsafe { CStr::from_ptr(sipsec_version()) };
    assert_eq!(reported.to_str().unwrap(), env!("CARGO_PKG_VERSION"));
}

#[test]
fn status_numbers_are_unique_and_described() {
    for (index, status) in ALL_STATUSES.iter().enumerate() {
        let code = *status as i32;
        assert_eq!(sipsec_status::from_code(code), Some(*status));
        assert!(ALL_STATUSES[..index]
            .iter()
            .all(|earlier| *earlier as i32 != code));

        let text = unsafe { CStr::from_ptr(sipsec::ffi::status::sipsec_status_str(code)) };
        assert_eq!(text.to_str().unwrap(), status.describe());
        assert!(!status.describe().is_empty());
    }

    let unknown = unsafe { CStr::from_ptr(sipsec::ffi::status::sipsec_status_str(12345)) };
    assert_eq!(
        unknown.to_str().unwrap(),
        sipsec_status::SIPSEC_ERR_UNKNOWN_STATUS.describe()
    );
}
