//! Reading students' records, in a wasm chunk of its own («stored»): the
//! code that decodes every kind of record, and brings data an older release
//! stored to today's layout, is not needed to show the first screen (the
//! school and the students' summaries), so it is not part of the first
//! download. Start-up loads this chunk right after the first screen is
//! drawn; until it is in, screens that need records wait (see
//! [`super::records_read`]).

use super::{texts, AppState, SLICE};
use crate::browser::device::{breathe, pause};
use crate::storage::idb_store::IdbStorage;
use crate::storage::{Storage, StorageError};
use crate::ui::lazy::ChunkError;
use leptos::prelude::*;
use portfolio_core::stored::{add_records, decode_keeping, decode_logs, decode_records};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use wasm_split_helpers::wasm_split;

/// A read from storage, run once its chunk is in.
type Read = Pin<Box<dyn Future<Output = Result<(), StorageError>>>>;

/// Start-up's second step: the logs «meta» holds (deleted records,
/// «Архив версий») and every student's record.
#[wasm_split(stored, fallible)]
pub fn read_records(
    app: AppState,
    store: Rc<IdbStorage>,
    logs: Vec<(String, String)>,
) -> Result<Read, ChunkError> {
    Ok(Box::pin(
        async move { app.read_records(&store, &logs).await },
    ))
}

/// Everything at once: data of an older layout (upgraded first), or a
/// read again after another tab saved.
#[wasm_split(stored, fallible)]
pub fn read_whole(app: AppState, store: Rc<IdbStorage>) -> Result<Read, ChunkError> {
    Ok(Box::pin(async move { app.read(&store).await }))
}

/// Runs a read from the chunk. If the chunk cannot be loaded (the first
/// visit lost its connection), says so and tries again — after 2 s, then
/// twice as long each time up to a minute, at once when the device is
/// back online: screens that need records wait for it.
pub async fn from_chunk<F, Fut>(app: AppState, load: F) -> Result<(), StorageError>
where
    F: Fn() -> Fut,
    Fut: Future<Output = Result<Read, ChunkError>>,
{
    let mut wait = 2_000;
    loop {
        match load().await {
            Ok(read) => {
                let message = ChunkError.to_string();
                app.problems.update(|p| p.retain(|m| *m != message));
                return read.await;
            }
            Err(e) => {
                let message = e.to_string();
                app.problems.update(|p| {
                    if !p.contains(&message) {
                        p.push(message);
                    }
                });
                pause(wait, true).await;
                wait = (wait * 2).min(60_000);
            }
        }
    }
}

impl AppState {
    /// Reads everything stored into the app: data of an older layout and,
    /// after another tab saved, the reload (which keeps the screen as it is).
    async fn read(&self, store: &IdbStorage) -> Result<(), StorageError> {
        let snapshot = store.load().await?;
        // Data stored by an older release is brought to today's layout in
        // one transaction before it is shown; if that fails, the old layout
        // still reads, and the next start tries again.
        let mut upgrade_problem = None;
        let upgraded = portfolio_core::stored::upgrade(&snapshot.meta, &snapshot.students);
        if let Some(writes) = &upgraded {
            if let Err(e) = store.commit(writes).await {
                upgrade_problem = Some(format!("Данные прежней версии не обновлены: {e}"));
            }
        }
        let (portfolio, mut problems, texts) = decode_keeping(&snapshot.meta, snapshot.students);
        problems.extend(upgrade_problem);
        // Texts of an older layout are not today's: kept only when current.
        texts::read(&portfolio, upgraded.is_none().then_some(texts));
        self.data.set(portfolio);
        self.problems.set(problems);
        Ok(())
    }

    /// Start-up's second step: the logs, then every student's record,
    /// decoded a slice at a time, then shown all at once.
    async fn read_records(
        &self,
        store: &IdbStorage,
        logs: &[(String, String)],
    ) -> Result<(), StorageError> {
        let mut texts = store.load_students().await?;
        let mut records = Vec::with_capacity(texts.len());
        let mut problems = Vec::new();
        let mut first = 0;
        while !texts.is_empty() {
            let rest = texts.split_off(texts.len().min(SLICE));
            let n = texts.len();
            let slice = decode_records(std::mem::replace(&mut texts, rest), first);
            records.extend(slice.records);
            problems.extend(slice.problems);
            first += n;
            if !texts.is_empty() {
                breathe().await;
            }
        }
        // (Nothing writes before the records are read: the school here is
        // still the one the first step read.)
        let mut portfolio = self.data.get_untracked();
        problems.extend(decode_logs(&mut portfolio, logs));
        let kept = add_records(&mut portfolio, records);
        texts::read(&portfolio, Some(kept));
        self.data.set(portfolio);
        if !problems.is_empty() {
            self.problems.update(|p| p.extend(problems));
        }
        Ok(())
    }
}
