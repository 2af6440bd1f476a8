//! Print the script a workspace file renders to: `cargo run -p mcauth-dataworks --example
//! render -- fixtures/dataworks/standard.json`.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

fn main() {
    let path = std::env::args().nth(1).expect("a workspace file");
    match mcauth_dataworks::Workspace::from_file(&path) {
        Ok(ws) => print!("{}", mcauth_dataworks::render(&ws)),
        Err(e) => eprintln!("error: {e}"),
    }
}
