mod assets;
fn main() -> anyhow::Result<()> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    for (p, t, b) in assets::generate(&root.join("assets"))? { println!("{p} {t} {b}"); }
    Ok(())
}
