//! Vitrine's executable: the boutique app, plus `render` and `catalog check` on the desktop.

fn main() -> std::process::ExitCode {
    vitrine::main_entry()
}
