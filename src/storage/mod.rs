//! The edge where data is kept: IndexedDB for records, localStorage for
//! small settings. Nothing else in the app touches browser storage.

pub mod idb_store;
pub mod settings;

use portfolio_core::stored::Write;
use std::fmt;

/// Why a read or write failed, already phrased for the user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StorageError {
    Unavailable(String),
    QuotaExceeded,
    Failed(String),
    /// A newer release opened the database in another tab: this tab runs
    /// the older code and must not write records in the old shape.
    Outdated,
}

impl fmt::Display for StorageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StorageError::Unavailable(why) => write!(
                f,
                "Браузер не даёт сохранять данные ({why}). Возможно, открыто окно инкогнито или хранение данных запрещено в настройках."
            ),
            StorageError::QuotaExceeded => f.write_str(
                "Не хватает места на устройстве: изменения не сохранены. Освободите место и повторите.",
            ),
            StorageError::Failed(why) => write!(f, "Не удалось сохранить изменения ({why}). Ничего не изменено, повторите попытку."),
            StorageError::Outdated => f.write_str(
                "В другой вкладке открыта новая версия «Портфолио»: чтобы не испортить данные, эта вкладка больше ничего не сохраняет. Обновите страницу.",
            ),
        }
    }
}

/// Everything read from storage at start-up, still as stored text.
pub struct Snapshot {
    pub meta: Vec<(String, String)>,
    pub students: Vec<String>,
}

/// A place the portfolio is kept. Every `commit` is all-or-nothing.
// The app is single-threaded wasm: the futures need not be Send.
#[allow(async_fn_in_trait)]
pub trait Storage {
    /// Everything but the files and the keys read on demand, in one
    /// read-only transaction.
    async fn load(&self) -> Result<Snapshot, StorageError>;
    /// «meta» alone (the school, its classes, the students' summaries).
    async fn load_meta(&self) -> Result<Vec<(String, String)>, StorageError>;
    /// How many student records are stored.
    async fn student_count(&self) -> Result<u32, StorageError>;
    /// Every student's record, as stored text.
    async fn load_students(&self) -> Result<Vec<String>, StorageError>;
    async fn commit(&self, writes: &[Write]) -> Result<(), StorageError>;
    /// The text stored under `key` in the «meta» store.
    async fn text(&self, key: &str) -> Result<Option<String>, StorageError>;
    /// The bytes stored under `key` in the files store.
    async fn file(&self, key: &str) -> Result<Option<Vec<u8>>, StorageError>;
}
