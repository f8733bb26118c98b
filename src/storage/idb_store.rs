//! IndexedDB through the `idb` crate. Database «portfolio», three object
//! stores with out-of-line string keys: «meta» (school, years, catalogues,
//! classes) and «students» (one document per student with their
//! achievements) hold JSON text; «files» holds the bytes of documents and
//! their thumbnails as `Uint8Array`s. See the README for the reasons.

use super::{Snapshot, Storage, StorageError};
use idb::{DatabaseEvent, Factory, KeyRange, ObjectStoreParams, Query, Transaction};
use js_sys::{Array, Function, Object, Promise, Reflect};
use portfolio_core::stored::{
    Value, Write, FILES_STORE, META_STORE, READ_ON_DEMAND, READ_ON_DEMAND_END, STUDENTS_STORE,
};
use std::cell::{Cell, RefCell};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{DomException, IdbDatabase, IdbTransaction};

const DB_NAME: &str = "portfolio";
/// 1: meta, students. 2: files. 3: no new store — stored layout 4 (a summary
/// beside each record): a tab of an older release gets `versionchange` and
/// stops writing records without their summaries.
const DB_VERSION: u32 = 3;
const STORES: [&str; 3] = [META_STORE, STUDENTS_STORE, FILES_STORE];

pub struct IdbStorage {
    db: IdbDatabase,
}

thread_local! {
    /// A newer release asked for the database (`versionchange`): this tab
    /// closed it and writes nothing more.
    static OUTDATED: Cell<bool> = const { Cell::new(false) };
    static ON_OUTDATED: RefCell<Option<Box<dyn Fn()>>> = const { RefCell::new(None) };
}

/// What to do (tell the user) when a newer release takes the database over.
pub fn on_outdated(f: impl Fn() + 'static) {
    ON_OUTDATED.with(|cell| *cell.borrow_mut() = Some(Box::new(f)));
}

/// Lets a newer release in: another tab opens the database at a higher
/// version (its stored layout may change), so this one closes it at once
/// rather than block the upgrade or write records in the old shape after it.
fn give_way_to_newer(db: &IdbDatabase) {
    let closing = db.clone();
    let handler = Closure::<dyn FnMut()>::new(move || {
        closing.close();
        OUTDATED.with(|o| o.set(true));
        ON_OUTDATED.with(|f| {
            if let Some(f) = f.borrow().as_ref() {
                f();
            }
        });
    });
    db.set_onversionchange(Some(handler.as_ref().unchecked_ref()));
    // Lives as long as the connection (one per start, or per reopen).
    handler.forget();
}

impl IdbStorage {
    pub async fn open() -> Result<IdbStorage, StorageError> {
        let factory = Factory::new().map_err(|e| StorageError::Unavailable(e.to_string()))?;
        let mut request = factory
            .open(DB_NAME, Some(DB_VERSION))
            .map_err(|e| StorageError::Unavailable(e.to_string()))?;
        request.on_upgrade_needed(|event| {
            let Ok(db) = event.database() else { return };
            let names = db.store_names();
            for store in STORES {
                if !names.iter().any(|n| n == store) {
                    let _ = db.create_object_store(store, ObjectStoreParams::new());
                }
            }
        });
        let db: IdbDatabase = request
            .await
            .map_err(|e| StorageError::Unavailable(e.to_string()))?
            .into();
        give_way_to_newer(&db);
        Ok(IdbStorage { db })
    }

    /// Closes the connection (before reopening after a quota error: Firefox
    /// can leave a database read-only until it is reopened).
    pub fn close(&self) {
        self.db.close();
    }

    /// The value stored under `key` in `store`, in a read-only transaction.
    async fn get(&self, store: &str, key: &str) -> Result<Option<JsValue>, StorageError> {
        let tx = Transaction::from(self.transaction(&[store], "readonly")?);
        let fail = |e: idb::Error| StorageError::Failed(e.to_string());
        tx.object_store(store)
            .map_err(fail)?
            .get(JsValue::from_str(key))
            .map_err(fail)?
            .await
            .map_err(fail)
    }

    /// Opens a transaction over `stores`. `mode` is "readonly" or "readwrite".
    fn transaction(&self, stores: &[&str], mode: &str) -> Result<IdbTransaction, StorageError> {
        if OUTDATED.with(Cell::get) {
            return Err(StorageError::Outdated);
        }
        let stores: Array = stores.iter().map(|s| JsValue::from_str(s)).collect();
        // Chrome commits «relaxed» by default: ask for a flush to disk before
        // reporting success, so «Сохранено» means saved. (web-sys keeps the
        // options dictionary behind its unstable-API flag, hence Reflect.)
        let options = Object::new();
        let _ = Reflect::set(&options, &"durability".into(), &"strict".into());
        let open = Reflect::get(&self.db, &"transaction".into())
            .ok()
            .and_then(|f| f.dyn_into::<Function>().ok())
            .ok_or_else(|| StorageError::Unavailable("IndexedDB недоступна".into()))?;
        open.call3(&self.db, &stores, &JsValue::from_str(mode), &options)
            .and_then(|t| t.dyn_into::<IdbTransaction>())
            .map_err(|e| StorageError::Failed(js_message(&e)))
    }
}

/// The name and message of a DOMException (or whatever was thrown).
fn js_message(v: &JsValue) -> String {
    if let Some(ex) = v.dyn_ref::<DomException>() {
        return format!("{}: {}", ex.name(), ex.message());
    }
    v.as_string().unwrap_or_else(|| format!("{v:?}"))
}

/// What a failed write means for the user, from the DOMException the browser
/// gave — thrown by a `put` or carried by the aborted transaction alike.
fn write_error(ex: Option<DomException>, fallback: &str) -> StorageError {
    match ex {
        Some(ex) if ex.name() == "QuotaExceededError" => StorageError::QuotaExceeded,
        Some(ex) => StorageError::Failed(format!("{}: {}", ex.name(), ex.message())),
        None => StorageError::Failed(fallback.into()),
    }
}

/// Waits until the transaction commits (Ok) or aborts (Err). The handlers are
/// the Promise's own JS functions, not Rust closures, so an `abort` that
/// follows an `error` event finds nothing dropped.
async fn finished(tx: &IdbTransaction) -> Result<(), StorageError> {
    let promise = Promise::new(&mut |resolve, reject| {
        tx.set_oncomplete(Some(&resolve));
        tx.set_onabort(Some(&reject));
    });
    JsFuture::from(promise)
        .await
        .map(|_| ())
        .map_err(|_| write_error(tx.error(), "транзакция прервана"))
}

/// «meta» but the keys read on demand: those below and above them.
async fn meta_texts(meta: &idb::ObjectStore) -> Result<Vec<(String, String)>, StorageError> {
    let fail = |e: idb::Error| StorageError::Failed(e.to_string());
    let text = |v: &JsValue| v.as_string().unwrap_or_default();
    let ranges = [
        KeyRange::upper_bound(&READ_ON_DEMAND.into(), Some(true)),
        KeyRange::lower_bound(&READ_ON_DEMAND_END.into(), Some(false)),
    ];
    let mut pairs = Vec::new();
    for range in ranges {
        let range = Query::from(range.map_err(fail)?);
        let keys = meta
            .get_all_keys(Some(range.clone()), None)
            .map_err(fail)?
            .await
            .map_err(fail)?;
        let values = meta
            .get_all(Some(range), None)
            .map_err(fail)?
            .await
            .map_err(fail)?;
        pairs.extend(keys.iter().map(text).zip(values.iter().map(text)));
    }
    Ok(pairs)
}

/// Every student's stored text.
async fn student_texts(students: &idb::ObjectStore) -> Result<Vec<String>, StorageError> {
    let fail = |e: idb::Error| StorageError::Failed(e.to_string());
    let values = students
        .get_all(None, None)
        .map_err(fail)?
        .await
        .map_err(fail)?;
    Ok(values
        .iter()
        .map(|v| v.as_string().unwrap_or_default())
        .collect())
}

impl Storage for IdbStorage {
    async fn load(&self) -> Result<Snapshot, StorageError> {
        let tx = Transaction::from(self.transaction(&STORES[..2], "readonly")?);
        let fail = |e: idb::Error| StorageError::Failed(e.to_string());
        let meta = meta_texts(&tx.object_store(META_STORE).map_err(fail)?).await?;
        let students = student_texts(&tx.object_store(STUDENTS_STORE).map_err(fail)?).await?;
        // A read-only transaction needs no commit to wait for: the values are in hand.
        Ok(Snapshot { meta, students })
    }

    async fn load_meta(&self) -> Result<Vec<(String, String)>, StorageError> {
        let tx = Transaction::from(self.transaction(&[META_STORE], "readonly")?);
        let fail = |e: idb::Error| StorageError::Failed(e.to_string());
        meta_texts(&tx.object_store(META_STORE).map_err(fail)?).await
    }

    async fn student_count(&self) -> Result<u32, StorageError> {
        let tx = Transaction::from(self.transaction(&[STUDENTS_STORE], "readonly")?);
        let fail = |e: idb::Error| StorageError::Failed(e.to_string());
        tx.object_store(STUDENTS_STORE)
            .map_err(fail)?
            .count(None)
            .map_err(fail)?
            .await
            .map_err(fail)
    }

    async fn load_students(&self) -> Result<Vec<String>, StorageError> {
        let tx = Transaction::from(self.transaction(&[STUDENTS_STORE], "readonly")?);
        let fail = |e: idb::Error| StorageError::Failed(e.to_string());
        student_texts(&tx.object_store(STUDENTS_STORE).map_err(fail)?).await
    }

    /// Queues every put and delete in one read-write transaction and waits for
    /// it to complete: either all writes land or none do.
    async fn commit(&self, writes: &[Write]) -> Result<(), StorageError> {
        if writes.is_empty() {
            return Ok(());
        }
        // Plain web-sys here: a failing `put` then hands back the browser's
        // own DOMException, which `write_error` reads like an abort's.
        let tx = self.transaction(&STORES, "readwrite")?;
        let queue = || -> Result<(), JsValue> {
            for w in writes {
                let store = tx.object_store(w.store)?;
                let key = JsValue::from_str(&w.key);
                match &w.value {
                    Some(Value::Text(v)) => store.put_with_key(&JsValue::from_str(v), &key)?,
                    // Bytes, not a Blob (see stored.rs): copied out of wasm memory.
                    Some(Value::Bytes(b)) => {
                        store.put_with_key(&js_sys::Uint8Array::from(&b[..]), &key)?
                    }
                    None => store.delete(&key)?,
                };
            }
            Ok(())
        };
        if let Err(e) = queue() {
            let _ = tx.abort();
            let message = js_message(&e);
            return Err(write_error(e.dyn_into().ok(), &message));
        }
        finished(&tx).await
    }

    async fn text(&self, key: &str) -> Result<Option<String>, StorageError> {
        Ok(self.get(META_STORE, key).await?.and_then(|v| v.as_string()))
    }

    async fn file(&self, key: &str) -> Result<Option<Vec<u8>>, StorageError> {
        let value = self.get(FILES_STORE, key).await?;
        Ok(value.map(|v| js_sys::Uint8Array::new(&v).to_vec()))
    }
}
