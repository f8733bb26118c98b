//! Every action that writes. Each edits a copy of the portfolio, writes
//! what changed in one storage transaction (the records, the bytes of
//! documents added, the removal of those gone), and only then shows the
//! copy: a failed save leaves screen and storage as they were. The action
//! knows which stored documents its change touches; a screen never does.

use super::{set_store, store, texts, ActionError, AppState, BrowserContext};
use crate::storage::idb_store::IdbStorage;
use crate::storage::{settings, Storage, StorageError};
use leptos::prelude::*;
use portfolio_core::exchange::merge::record_edit;
use portfolio_core::exchange::sign::SchoolKey;
use portfolio_core::stored::{changes, Key, NewFile, Write, FILES_STORE};
use portfolio_core::util::id::Context;
use portfolio_core::{Catalogues, Id, Portfolio, StudentRecord};
use std::future::Future;
use std::sync::Arc;

impl AppState {
    /// Applies `edit` to a copy of the portfolio; on success writes the
    /// documents it names in one transaction and then shows the copy. For
    /// changes whose extent the core decides (a merge, «Баллы рейтинга», a
    /// version brought back from «Архив версий»); the screens' own edits go
    /// through the actions below, which know what they touch.
    pub fn apply<'a, T: 'a>(
        &'a self,
        edit: impl FnOnce(&mut Portfolio, &BrowserContext) -> Result<(T, Vec<Key>), ActionError> + 'a,
    ) -> impl Future<Output = Result<T, ActionError>> + 'a {
        self.apply_noting(&[], Vec::new(), edit)
    }

    /// [`apply`](Self::apply) that also stores the bytes of documents the
    /// edit adds (and removes the files of documents it drops), and writes
    /// `also` (what the other device is known to have, after a file), in
    /// the same transaction.
    pub async fn apply_noting<T>(
        &self,
        files: &[NewFile],
        also: Vec<Write>,
        edit: impl FnOnce(&mut Portfolio, &BrowserContext) -> Result<(T, Vec<Key>), ActionError>,
    ) -> Result<T, ActionError> {
        // Edits start from every record: a student not yet read would be
        // taken for one deleted (start-up reads the summaries first).
        super::records_read().await;
        let before = self.data.get_untracked();
        let mut next = before.clone();
        let ctx = self.ctx();
        let (out, mut keys) = edit(&mut next, &ctx)?;
        // Lineage for the coming merges, and the log of deleted records.
        let logged = record_edit(&before, &mut next, &keys, &ctx.revision());
        keys.extend(logged);
        self.save(before, next, keys, files, also).await?;
        Ok(out)
    }

    /// An edit of the parts of the portfolio stored under `keys`. (The
    /// actions below return its future rather than await it: a future per
    /// layer would cost the first download.)
    fn edit_stored<'a, T: 'a>(
        &'a self,
        keys: Vec<Key>,
        files: &'a [NewFile],
        edit: impl FnOnce(&mut Portfolio, &BrowserContext) -> Result<T, ActionError> + 'a,
    ) -> impl Future<Output = Result<T, ActionError>> + 'a {
        self.apply_noting(files, Vec::new(), move |p, ctx| Ok((edit(p, ctx)?, keys)))
    }

    /// The first set-up: the school, its first year and the catalogues —
    /// and the school key its files will be signed with
    /// (`portfolio_core::exchange::sign`), made here.
    pub async fn set_up<T>(
        &self,
        edit: impl FnOnce(&mut Portfolio, &BrowserContext) -> Result<T, ActionError>,
    ) -> Result<T, ActionError> {
        let keys = vec![Key::School, Key::Years, Key::Catalogues];
        let key = crate::browser::crypto::random::<32>().map_err(ActionError::Refused)?;
        let also = vec![SchoolKey(key).write()];
        self.apply_noting(&[], also, move |p, ctx| Ok((edit(p, ctx)?, keys)))
            .await
    }

    /// The school's name (and «Баллы рейтинга» factors).
    pub fn edit_school<'a, T: 'a>(
        &'a self,
        edit: impl FnOnce(&mut Portfolio, &BrowserContext) -> Result<T, ActionError> + 'a,
    ) -> impl Future<Output = Result<T, ActionError>> + 'a {
        self.edit_stored(vec![Key::School], &[], edit)
    }

    /// The school years and their periods.
    pub fn edit_years<'a, T: 'a>(
        &'a self,
        edit: impl FnOnce(&mut Portfolio, &BrowserContext) -> Result<T, ActionError> + 'a,
    ) -> impl Future<Output = Result<T, ActionError>> + 'a {
        self.edit_stored(vec![Key::Years], &[], edit)
    }

    /// Справочники.
    pub fn edit_catalogues<'a, T: 'a>(
        &'a self,
        edit: impl FnOnce(&mut Portfolio, &BrowserContext) -> Result<T, ActionError> + 'a,
    ) -> impl Future<Output = Result<T, ActionError>> + 'a {
        self.edit_stored(vec![Key::Catalogues], &[], edit)
    }

    /// The classes.
    pub fn edit_classes<'a, T: 'a>(
        &'a self,
        edit: impl FnOnce(&mut Portfolio, &BrowserContext) -> Result<T, ActionError> + 'a,
    ) -> impl Future<Output = Result<T, ActionError>> + 'a {
        self.edit_stored(vec![Key::Classes], &[], edit)
    }

    /// Writes the student `id` as `make` builds it from the record here
    /// (`None`: a new student).
    pub async fn put_student(
        &self,
        id: &Id,
        make: impl FnOnce(Option<&StudentRecord>, &BrowserContext) -> StudentRecord,
    ) -> Result<(), ActionError> {
        let key = Key::Student(id.clone());
        self.edit_stored(vec![key], &[], |p, ctx| {
            let record = make(p.students.get(id).map(|r| r.as_ref()), ctx);
            p.students.insert(id.clone(), Arc::new(record));
            Ok(())
        })
        .await
    }

    /// Edits one student's record — their lists of achievements, rewards,
    /// observations and their documents — by the catalogues here, storing
    /// the bytes of documents in `files` with it.
    pub async fn edit_student<T>(
        &self,
        id: &Id,
        files: &[NewFile],
        edit: impl FnOnce(&mut StudentRecord, &Catalogues, &BrowserContext) -> Result<T, ActionError>,
    ) -> Result<T, ActionError> {
        let key = Key::Student(id.clone());
        self.edit_stored(vec![key], files, |p, ctx| {
            let r = p.students.get_mut(id).ok_or(ActionError::STUDENT_GONE)?;
            edit(Arc::make_mut(r), &p.catalogues, ctx)
        })
        .await
    }

    /// Deletes a student with every record and document; the deletion is
    /// logged, so no older file brings them back.
    pub async fn delete_student(&self, id: &Id) -> Result<(), ActionError> {
        self.edit_stored(vec![Key::Student(id.clone())], &[], |p, _| {
            p.students
                .remove(id)
                .map(|_| ())
                .ok_or(ActionError::STUDENT_GONE)
        })
        .await
    }

    /// Writes `writes` (not records: those go through the edits above) in
    /// one transaction.
    pub async fn commit(&self, writes: &[Write]) -> Result<(), ActionError> {
        Ok(store()?.commit(writes).await?)
    }

    /// The part of a save that does not depend on the edit (one copy in the
    /// wasm, not one per call site).
    async fn save(
        &self,
        before: Portfolio,
        next: Portfolio,
        keys: Vec<Key>,
        files: &[NewFile],
        also: Vec<Write>,
    ) -> Result<(), ActionError> {
        let mut writes = changes(&before, &next, &keys, files)?;
        writes.extend(also);
        let store = store()?;
        if let Err(e) = store.commit(&writes).await {
            if e == StorageError::QuotaExceeded {
                // Firefox may leave the database read-only after a quota
                // error until it is reopened.
                leptos::task::spawn_local(reopen(store, *self));
            }
            return Err(e.into());
        }
        let files_written = writes.iter().any(|w| w.store == FILES_STORE);
        texts::written(writes, &next);
        self.data.set(next);
        self.unsaved.set(false);
        settings::announce_change(&super::random_id().0);
        if files_written {
            leptos::task::spawn_local(self.check_storage(false));
        }
        Ok(())
    }
}

async fn reopen(old: std::rc::Rc<IdbStorage>, app: AppState) {
    old.close();
    if let Ok(s) = IdbStorage::open().await {
        set_store(std::rc::Rc::new(s));
    }
    app.check_storage(false).await;
}
