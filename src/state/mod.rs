//! App state: what the screens show (the portfolio as stored, the school
//! year worked in, messages, what the browser says about storage) and the
//! start-up read. The actions that change it are in `actions.rs`: each
//! edits a copy, writes it in one transaction, and only then shows it.

mod actions;
mod error;
mod records;
pub mod texts;

pub use error::ActionError;

use crate::browser::device::breathe;
use crate::storage::idb_store::IdbStorage;
use crate::storage::{settings, Storage, StorageError};
use js_sys::{Function, Promise};
use leptos::prelude::*;
use portfolio_core::stored::{
    decode_roster, decode_school, is_current, layout_mark, StorageUse, Summary, LOG_KEYS,
};
use portfolio_core::util::id::Context;
use portfolio_core::{Id, Portfolio};
use std::cell::RefCell;
use std::sync::Arc;

thread_local! {
    static STORE: RefCell<Option<std::rc::Rc<IdbStorage>>> = const { RefCell::new(None) };
    /// Settled once every student's record is read (see [`AppState::load`]).
    static RECORDS_READ: (Promise, Function) = {
        let mut settle = None;
        let promise = Promise::new(&mut |resolve, _| settle = Some(resolve));
        (promise, settle.unwrap_or_else(|| Function::new_no_args("")))
    };
}

/// Waits until every student's record is read: start-up shows the first
/// screens from the students' summaries and reads the records after them;
/// whatever edits or reads records waits for this first.
pub async fn records_read() {
    let promise = RECORDS_READ.with(|(p, _)| p.clone());
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// How many records are decoded between two breaths.
const SLICE: usize = 100;

fn set_store(s: std::rc::Rc<IdbStorage>) {
    STORE.with(|cell| *cell.borrow_mut() = Some(s));
}

fn store() -> Result<std::rc::Rc<IdbStorage>, StorageError> {
    STORE
        .with(|s| s.borrow().clone())
        .ok_or_else(|| StorageError::Unavailable("хранилище не открыто".into()))
}

/// What start-up's first step found.
enum First {
    /// The school and the students' summaries are shown; the logs and,
    /// if `records`, the students' records are still to be read.
    Summaries {
        logs: Vec<(String, String)>,
        records: bool,
    },
    /// Data of an older layout: read (and upgraded) whole.
    Whole,
}

/// Where start-up is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Loading {
    InProgress,
    Ready,
    Failed(String),
}

/// The app-wide state, provided as context.
#[derive(Clone, Copy)]
pub struct AppState {
    pub data: RwSignal<Portfolio>,
    pub loading: RwSignal<Loading>,
    /// Every student's record is in `data` (until then it holds the school
    /// without its students, and `roster` the summaries stored beside them).
    pub records: RwSignal<bool>,
    /// The students' summaries, listed by name: read at start-up, then made
    /// from the records.
    pub roster: Memo<Arc<Vec<Summary>>>,
    stored_roster: RwSignal<Arc<Vec<Summary>>>,
    /// Problems found while reading stored data (shown once at the top).
    pub problems: RwSignal<Vec<String>>,
    /// The school year the teacher works in.
    pub year: RwSignal<i32>,
    pub device: StoredValue<String>,
    /// A message to show on the next screen («Ученик добавлен»).
    pub pending_notice: RwSignal<Option<crate::ui::Notice>>,
    /// The message shown on the current screen.
    pub page_notice: RwSignal<Option<crate::ui::Notice>>,
    /// What the browser says about storage space and about keeping the data.
    pub space: RwSignal<Option<StorageUse>>,
    pub persisted: RwSignal<Option<bool>>,
    /// A family's device («Я родитель»).
    pub parent: RwSignal<bool>,
    /// Something was typed into a form on this screen and not saved.
    pub unsaved: RwSignal<bool>,
    /// A file another app shared with Портфолио, (name, text), until the
    /// import screen takes it.
    pub shared: RwSignal<Option<(String, String)>>,
    /// The archive of a school year opened for reading (never merged, never
    /// stored): its records and the bytes of its documents.
    pub archive: RwSignal<Option<Arc<OpenArchive>>>,
}

/// An archive file as opened: what it is, its records, its documents' bytes.
pub struct OpenArchive {
    pub start_year: i32,
    pub portfolio: Portfolio,
    pub files: std::collections::BTreeMap<String, Vec<u8>>,
}

pub fn use_app() -> AppState {
    expect_context::<AppState>()
}

/// The browser's clock, device id and randomness.
pub struct BrowserContext {
    device: String,
}

pub fn random_id() -> Id {
    let mut bytes = [0u8; 16];
    let filled = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .and_then(|c| c.get_random_values_with_u8_array(&mut bytes).ok())
        .is_some();
    if !filled {
        // No WebCrypto (very old browser): fall back to Math.random.
        for b in bytes.iter_mut() {
            *b = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    Id::from_random_bytes(bytes)
}

impl Context for BrowserContext {
    fn now(&self) -> i64 {
        js_sys::Date::now() as i64
    }
    /// The device's local date: in Chukotka (UTC+12) the school day starts
    /// while it is still yesterday in UTC.
    fn today(&self) -> chrono::NaiveDate {
        let d = js_sys::Date::new_0();
        chrono::NaiveDate::from_ymd_opt(d.get_full_year() as i32, d.get_month() + 1, d.get_date())
            .unwrap_or_default()
    }
    fn device(&self) -> &str {
        &self.device
    }
    fn new_id(&self) -> Id {
        random_id()
    }
}

impl AppState {
    pub fn new() -> AppState {
        let device = settings::device_id(|| random_id().0);
        let today = BrowserContext {
            device: device.clone(),
        }
        .today();
        let year = settings::year()
            .unwrap_or_else(|| portfolio_core::records::school_year::year_of(today));
        let data = RwSignal::new(Portfolio::default());
        let records = RwSignal::new(false);
        let stored_roster = RwSignal::new(Arc::new(Vec::new()));
        let roster = Memo::new(move |_| {
            if records.get() {
                Arc::new(data.with(portfolio_core::stored::summaries))
            } else {
                stored_roster.get()
            }
        });
        AppState {
            data,
            loading: RwSignal::new(Loading::InProgress),
            records,
            roster,
            stored_roster,
            problems: RwSignal::new(Vec::new()),
            year: RwSignal::new(year),
            device: StoredValue::new(device),
            pending_notice: RwSignal::new(None),
            page_notice: RwSignal::new(None),
            space: RwSignal::new(None),
            persisted: RwSignal::new(None),
            parent: RwSignal::new(settings::parent_mode()),
            unsaved: RwSignal::new(false),
            shared: RwSignal::new(None),
            archive: RwSignal::new(None),
        }
    }

    pub fn ctx(&self) -> BrowserContext {
        BrowserContext {
            device: self.device.get_value(),
        }
    }

    /// Another tab saved: read the data again (after start-up's own read).
    pub async fn reload(self) {
        records_read().await;
        let Ok(store) = store() else { return };
        let read = records::from_chunk(self, || records::read_whole(self, store.clone()));
        if let Err(e) = read.await {
            self.problems.set(vec![e.to_string()]);
        }
    }

    /// Opens the database and reads it in two steps: «meta» — the school,
    /// its classes and the students' summaries — shows the first screen at
    /// once, however big the school; then every student's record, a slice
    /// at a time so the screen stays responsive. Data of an older layout is
    /// read whole and upgraded first.
    pub async fn load(self) {
        let started = js_sys::Date::now();
        crate::storage::idb_store::on_outdated(move || {
            self.problems.set(vec![StorageError::Outdated.to_string()]);
        });
        let opened = match IdbStorage::open().await {
            Ok(s) => std::rc::Rc::new(s),
            Err(e) => {
                self.loading.set(Loading::Failed(e.to_string()));
                return;
            }
        };
        let first = match opened.load_meta().await {
            Ok(meta) => self.first_step(&opened, meta).await,
            Err(e) => Err(e),
        };
        let summaries_first = matches!(first, Ok(First::Summaries { .. }));
        let read = match first {
            Ok(First::Summaries { logs, records }) => {
                set_store(opened.clone());
                self.loading.set(Loading::Ready);
                mark_loaded(js_sys::Date::now() - started, "data-ready-ms");
                breathe().await;
                if records {
                    let store = opened.clone();
                    let read = || records::read_records(self, store.clone(), logs.clone());
                    records::from_chunk(self, read).await
                } else {
                    Ok(())
                }
            }
            Ok(First::Whole) => {
                let store = opened.clone();
                records::from_chunk(self, || records::read_whole(self, store.clone())).await
            }
            Err(e) => Err(e),
        };
        if let Err(e) = read {
            self.loading.set(Loading::Failed(e.to_string()));
            return;
        }
        self.records.set(true);
        if !summaries_first {
            set_store(opened);
            self.loading.set(Loading::Ready);
        }
        RECORDS_READ.with(|(_, settle)| {
            let _ = settle.call0(&wasm_bindgen::JsValue::NULL);
        });
        if !summaries_first {
            mark_loaded(js_sys::Date::now() - started, "data-ready-ms");
        }
        mark_loaded(js_sys::Date::now() - started, "data-records-ms");
        crate::browser::shell::announce_ready();
        // Once there is something to keep, ask the browser to keep it.
        let started = self.data.with_untracked(|p| p.school.is_some());
        self.check_storage(started).await;
    }

    /// Start-up's first step, from «meta»: in today's layout the school
    /// and its students' summaries are shown at once; data of an older
    /// layout must be read whole.
    async fn first_step(
        &self,
        store: &IdbStorage,
        meta: Vec<(String, String)>,
    ) -> Result<First, StorageError> {
        if is_current(&meta) {
            self.show_summaries(&meta);
            // The logs hold whole records: read with them.
            let logs: Vec<_> = meta
                .into_iter()
                .filter(|(k, _)| LOG_KEYS.contains(&k.as_str()))
                .collect();
            let records = !logs.is_empty() || store.student_count().await? > 0;
            return Ok(First::Summaries { logs, records });
        }
        if meta.is_empty() && store.student_count().await? == 0 {
            // A new database starts in today's layout. (Should the mark not
            // be written, the next start writes it: nothing is stored yet.)
            let _ = store.commit(&[layout_mark()]).await;
            return Ok(First::Summaries {
                logs: Vec::new(),
                records: false,
            });
        }
        Ok(First::Whole)
    }

    /// The school without its students, and their summaries in their place.
    fn show_summaries(&self, meta: &[(String, String)]) {
        let (portfolio, mut problems) = decode_school(meta);
        let (roster, unread) = decode_roster(meta);
        problems.extend(unread);
        self.stored_roster.set(Arc::new(roster));
        self.data.set(portfolio);
        self.problems.set(problems);
    }

    /// Reads the space used and allowed; with `ask`, asks the browser to keep
    /// the data if it does not already promise to.
    pub async fn check_storage(self, ask: bool) {
        let mut kept = crate::browser::device::persisted().await;
        if ask && kept == Some(false) {
            kept = crate::browser::device::persist().await;
        }
        self.persisted.set(kept);
        self.space.set(crate::browser::device::estimate().await);
    }

    /// A small text kept in «meta» beside the records (what another device
    /// is known to have of a child).
    pub async fn meta_text(&self, key: &str) -> Result<Option<String>, StorageError> {
        store()?.text(key).await
    }

    /// The stored bytes of a document or thumbnail.
    pub async fn file(&self, key: &str) -> Result<Option<Vec<u8>>, StorageError> {
        store()?.file(key).await
    }

    /// Goes to a screen and shows a message there. (A method, not a context
    /// lookup: it runs after an `.await`, where there is no reactive owner.)
    pub fn navigate_with(&self, route: &crate::route::Route, message: impl Into<String>) {
        let notice = crate::ui::Notice::Ok(message.into());
        if crate::route::current_hash() == route.href() {
            // Already there (the user left a form while it was saving): no
            // screen change will pick the message up, so show it now.
            self.page_notice.set(Some(notice));
        } else {
            self.pending_notice.set(Some(notice));
            crate::route::navigate(route);
        }
    }

    pub fn set_parent(&self, on: bool) {
        settings::set_parent_mode(on);
        self.parent.set(on);
    }

    /// The class opened last, offered as «Продолжить» on the start page.
    pub fn last_class(&self) -> Option<Id> {
        settings::last_class().map(Id)
    }

    pub fn remember_class(&self, id: &Id) {
        settings::set_last_class(id.as_str());
    }

    /// When the whole school was last saved to a file (ms since the epoch).
    pub fn last_backup(&self) -> Option<i64> {
        settings::last_backup()
    }

    /// The whole school was saved to a file at `at`.
    pub fn backup_saved(&self, at: i64) {
        settings::set_last_backup(at);
    }

    pub fn set_year(&self, year: i32) {
        settings::set_year(year);
        self.year.set(year);
    }
}

/// Leaves marks the benchmark reads: how long loading took, and when (since
/// navigation start) a step was done: `data-ready-ms` the first screen
/// (set again when the records are read), `data-records-ms` the records.
fn mark_loaded(ms: f64, mark: &str) {
    let Some(w) = web_sys::window() else { return };
    let since_start = w.performance().map(|p| p.now()).unwrap_or_default();
    if let Some(body) = w.document().and_then(|d| d.body()) {
        // Whole milliseconds: f64 formatting would add kilobytes to the wasm.
        let _ = body.set_attribute("data-load-ms", &(ms.round() as i64).to_string());
        let _ = body.set_attribute(mark, &(since_start.round() as i64).to_string());
    }
}

impl Default for AppState {
    fn default() -> Self {
        AppState::new()
    }
}
