//! Screens that load as their own wasm chunk, the first time they are
//! opened, so the first screen's download stays small.
//!
//! A screen becomes a chunk through a `#[wasm_split(<chunk>, fallible, …)]`
//! function that builds its view (see `pages/mod.rs`); the post-build step
//! (`scripts/post_build.mjs`) cuts the wasm at those functions. A chunk that
//! cannot be loaded (no network before the app was stored for offline use)
//! leaves the app running: the screen says so in Russian and offers
//! «Повторить».

use leptos::prelude::*;
use std::future::Future;
use std::pin::Pin;

/// A part of the app that could not be loaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChunkError;

impl From<wasm_split_helpers::SplitLoaderError> for ChunkError {
    fn from(_: wasm_split_helpers::SplitLoaderError) -> Self {
        ChunkError
    }
}

impl std::fmt::Display for ChunkError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Не удалось загрузить эту часть приложения: нет связи с сервером, а на устройстве она ещё не сохранена. Подключитесь к интернету и повторите. Данные на устройстве в сохранности.")
    }
}

/// What a chunk's entry function gives: the screen, or why it is missing.
pub type Loaded = Result<AnyView, ChunkError>;

/// Loads a chunk's screen (called again on «Повторить»).
pub type Loader = Box<dyn Fn() -> Pin<Box<dyn Future<Output = Loaded>>> + Send + Sync>;

/// Wraps the future of a `#[wasm_split]` screen for [`lazy`].
pub fn loader<F, Fut>(load: F) -> Loader
where
    F: Fn() -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Loaded> + 'static,
{
    Box::new(move || Box::pin(load()))
}

/// A whole screen from a chunk: «Загрузка раздела…» until the chunk and
/// every student's record are there, then the screen; if it cannot be loaded, the message and
/// «Повторить».
pub fn lazy(load: Loader) -> AnyView {
    show(load, true)
}

/// A section of a screen from a chunk (the screen's heading stays).
pub fn lazy_part(load: Loader) -> AnyView {
    show(load, false)
}

fn show(load: Loader, page: bool) -> AnyView {
    let attempt = RwSignal::new(0u32);
    let load = std::sync::Arc::new(load);
    let failed = move |e: ChunkError| {
        view! {
            {page.then(|| view! { <h1>"Раздел не загружен"</h1> })}
            <p class="notice error" role="alert">{e.to_string()}</p>
            <button type="button" class="primary" on:click=move |_| attempt.update(|n| *n += 1)>
                "Повторить"
            </button>
        }
        .into_any()
    };
    view! {
        <Suspense fallback=move || {
            // A screen keeps its one heading while it loads (it may wait for
            // the records a while on a big school's first start).
            view! {
                {page.then(|| view! { <h1 class="visually-hidden">"Раздел загружается"</h1> })}
                <p class="loading" role="status">"Загрузка раздела…"</p>
            }
        }>
            {move || {
                attempt.track();
                let load = load.clone();
                let future = send_wrapper::SendWrapper::new(async move {
                    // The screens in chunks read students' records, which
                    // start-up reads after the first screen.
                    crate::state::records_read().await;
                    load().await
                });
                Suspend::new(async move { future.await.unwrap_or_else(failed) })
            }}
        </Suspense>
    }
    .into_any()
}
