//! Портфолио: the browser app. `main` only mounts; see `app.rs`.

mod app;
mod browser;
mod exchange;
mod pages;
mod route;
mod screens;
mod state;
mod storage;
mod ui;

fn main() {
    // Debug builds print panics to the console; release builds abort.
    #[cfg(debug_assertions)]
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&info.to_string().into())
    }));
    leptos::mount::mount_to_body(app::App);
}
