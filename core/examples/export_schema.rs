//! Writes the JSON Schemas of the export files into `docs/`:
//! `cargo run -p portfolio-core --features schema --example export_schema`.

fn main() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs");
    for (name, text) in [
        (
            "export-schema.json",
            portfolio_core::exchange::schema::export_schema(),
        ),
        (
            "export-encrypted-schema.json",
            portfolio_core::exchange::schema::encrypted_schema(),
        ),
    ] {
        std::fs::write(root.join(name), text).expect("docs/ is writable");
        println!("docs/{name}");
    }
}
