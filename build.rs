//! Renders the C header from the FFI layer with cbindgen.
//!
//! The rendered header always goes to `$OUT_DIR/sipsec.h`; the test suite compares it with the
//! committed `include/sipsec.h`. The committed copy is rewritten only when
//! `SIPSEC_UPDATE_HEADER=1` is set (`make header`), so an ordinary build never edits the
//! source tree behind the developer's back.

use std::env;
use std::fs;
use std::path::PathBuf;

fn main() {
    let crate_dir = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets this"));
    let out_dir = PathBuf::from(env::var("OUT_DIR").expect("cargo sets this"));

    println!("cargo:rerun-if-changed=src");
    println!("cargo:rerun-if-changed=cbindgen.toml");
    println!("cargo:rerun-if-env-changed=SIPSEC_UPDATE_HEADER");

    // The major version goes into the soname so that an incompatible release can sit beside
    // an older one on the same system.
    let major = env::var("CARGO_PKG_VERSION_MAJOR").expect("cargo sets this");
    println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,libsipsec.so.{major}");

    let rendered = out_dir.join("sipsec.h");
    let config = cbindgen::Config::from_file(crate_dir.join("cbindgen.toml"))
        .expect("cbindgen.toml is readable");
    match cbindgen::Builder::new()
        .with_crate(&crate_dir)
        .with_config(config)
        .generate()
    {
        Ok(bindings) => {
            bindings.write_to_file(&rendered);
        }
        Err(error) => panic!("cbindgen could not render the header: {error}"),
    }
    println!(
        "cargo:rustc-env=SIPSEC_RENDERED_HEADER={}",
        rendered.display()
    );

    if env::var("SIPSEC_UPDATE_HEADER").as_deref() == Ok("1") {
        let committed = crate_dir.join("include").join("sipsec.h");
        let fresh = fs::read(&rendered).expect("header was just written");
        if fs::read(&committed).ok().as_deref() != Some(fresh.as_slice()) {
            fs::write(&committed, fresh).expect("include/sipsec.h is writable");
        }
    }
}
