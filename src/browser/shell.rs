//! The app's link to its start script (`src/js/boot.js`), which loads the
//! wasm and runs the service worker: the version, whether the app is stored
//! for offline use, a new version waiting for «Обновить», and a file shared
//! from another app (Web Share Target). Nothing here persists data.

use js_sys::{Function, Promise, Reflect};
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

/// Events the start script fires on `window`.
pub const UPDATE_EVENT: &str = "portfolio-update";
pub const OFFLINE_EVENT: &str = "portfolio-offline";
pub const PREFETCH_EVENT: &str = "portfolio-prefetch";

fn shell() -> Option<JsValue> {
    let global: JsValue = js_sys::global().into();
    Reflect::get(&global, &"portfolioShell".into())
        .ok()
        .filter(|v| v.is_object())
}

fn field(name: &str) -> Option<JsValue> {
    shell().and_then(|s| Reflect::get(&s, &name.into()).ok())
}

fn flag(name: &str) -> bool {
    field(name).and_then(|v| v.as_bool()).unwrap_or(false)
}

/// The running version, e.g. «0.1.0 · сборка 3f2a9c1b».
pub fn build() -> String {
    field("build")
        .and_then(|v| v.as_string())
        .unwrap_or_else(|| env!("CARGO_PKG_VERSION").to_string())
}

/// Whether this version is kept for use without a network.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Offline {
    /// The service worker is storing it.
    Pending,
    Ready,
    /// This browser or address cannot (no service worker); `insecure`: the
    /// page is on an http:// address other than localhost.
    Unavailable {
        insecure: bool,
    },
}

fn offline() -> Offline {
    if flag("offlineReady") {
        return Offline::Ready;
    }
    match field("offlineUnavailable").and_then(|v| v.as_string()) {
        Some(why) => Offline::Unavailable {
            insecure: why == "insecure",
        },
        None => Offline::Pending,
    }
}

/// A new version is installed and waits for the user.
pub fn update_ready() -> bool {
    flag("updateReady")
}

/// Switches to the waiting version (the page reloads).
pub fn apply_update() {
    if let (Some(s), Some(f)) = (shell(), field("applyUpdate")) {
        if let Ok(f) = f.dyn_into::<Function>() {
            let _ = f.call0(&s);
        }
    }
}

/// Tells the start script the first screen is ready: the service worker may
/// now download the rest of the app without slowing the start.
pub fn announce_ready() {
    if let (Some(w), Ok(e)) = (web_sys::window(), web_sys::Event::new("portfolio-ready")) {
        let _ = w.dispatch_event(&e);
    }
}

/// A file shared to the app from another app, taken once: (name, text).
pub async fn take_shared() -> Option<(String, String)> {
    let s = shell()?;
    let f = field("takeShared")?.dyn_into::<Function>().ok()?;
    let promise = f.call0(&s).ok()?.dyn_into::<Promise>().ok()?;
    let got = wasm_bindgen_futures::JsFuture::from(promise).await.ok()?;
    let text = |k: &str| Reflect::get(&got, &k.into()).ok()?.as_string();
    Some((text("name")?, text("text")?))
}

/// Whether the app is stored for offline use, and whether a new version
/// waits; both follow the start script's events.
#[derive(Clone, Copy)]
pub struct ShellState {
    pub offline: RwSignal<Offline>,
    pub update: RwSignal<bool>,
}

impl ShellState {
    /// Reads the current state and follows the start script's events for as
    /// long as the calling component lives.
    pub fn follow() -> ShellState {
        let state = ShellState {
            offline: RwSignal::new(offline()),
            update: RwSignal::new(update_ready()),
        };
        let on_update = window_event_listener_untyped(UPDATE_EVENT, move |_| {
            state.update.set(true);
        });
        let on_offline = window_event_listener_untyped(OFFLINE_EVENT, move |_| {
            state.offline.set(offline());
        });
        on_cleanup(move || {
            on_update.remove();
            on_offline.remove();
        });
        state
    }
}
