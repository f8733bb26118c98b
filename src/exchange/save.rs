//! Saving a file: the records and documents of a scope, whole or (for a
//! child whose family's device is known) only what the other side lacks;
//! encrypted if asked; handed to the share sheet or saved as a download;
//! and, on the teacher's device, what the family will now have is kept.

use crate::browser::{crypto, device, share};
use crate::state::{texts, ActionError, AppState};
use leptos::prelude::*;
use portfolio_core::exchange::delta::{self, Known};
use portfolio_core::exchange::{
    export, export_skeleton, file_keys, file_name, to_json_parts, to_portfolio, Envelope, Part,
    Scope, Writer,
};
use portfolio_core::util::id::Context;
use portfolio_core::{Id, Portfolio, StudentRecord};
use std::collections::BTreeMap;
use std::sync::Arc;

/// How to write a file.
#[derive(Clone, Copy, Default)]
pub struct SaveOptions {
    /// Embed the documents' bytes.
    pub include: bool,
    /// Offer the share sheet first (a parent's «Отправить учителю»).
    pub share: bool,
    /// A child's file: only what the other side does not have yet, when
    /// this device knows what it has.
    pub changes: bool,
}

/// What saving a file said: what happened, then (after the caller's own
/// words) its size and why it is whole.
pub struct Saved {
    pub message: String,
    pub tail: String,
}

/// What this device knows the other side has of the child (see `delta`).
/// Nothing kept, or something that does not read, is nothing known: then
/// only the whole package is offered, which is always safe.
pub async fn known_of(app: AppState, student_id: &Id) -> Option<Known> {
    let text = app.meta_text(&delta::known_key(student_id)).await.ok()??;
    delta::recall(Some(&text)).ok().flatten()
}

/// The stored bytes under `keys`.
async fn read_files(
    app: AppState,
    keys: Vec<String>,
) -> Result<BTreeMap<String, Vec<u8>>, ActionError> {
    let mut m = BTreeMap::new();
    for key in keys {
        if let Some(b) = app.file(&key).await? {
            m.insert(key, b);
        }
    }
    Ok(m)
}

/// The file of `scope` before it is written: its skeleton, and the
/// students given apart (copied as storage holds them where unchanged).
async fn build(
    app: AppState,
    p: &Portfolio,
    scope: &Scope,
    opt: SaveOptions,
    known: Option<&Known>,
) -> Result<(Envelope, Vec<Arc<StudentRecord>>), ActionError> {
    let ctx = app.ctx();
    let device = ctx.device().to_string();
    let by = Writer {
        now: ctx.now(),
        device: &device,
        app_version: env!("CARGO_PKG_VERSION"),
    };
    let (mut env, students) = match (known, scope) {
        (Some(k), Scope::Student { student_id }) => {
            let files = read_files(app, delta::file_keys(p, student_id, k)).await?;
            let env = delta::thin(export(p, scope, None, &by)?, k, &files)?;
            (env, Vec::new())
        }
        _ => {
            let files = if opt.include {
                Some(read_files(app, file_keys(p, scope)).await?)
            } else {
                None
            };
            export_skeleton(p, scope, files.as_ref(), &by)?
        }
    };
    if app.parent.get_untracked() {
        // A family's device knows only its own child: a place «из 1» means nothing.
        env.data.class_position = None;
    }
    Ok((env, students))
}

/// Hands `parts` over: to the share sheet when asked and possible
/// (`text` is then the whole text), as a download otherwise.
async fn deliver(
    parts: &[Part],
    text: Option<&str>,
    name: &str,
    opt: SaveOptions,
) -> Result<String, ActionError> {
    let shared = match (text, opt.share) {
        (Some(t), true) => share::file(t, name).await,
        _ => None,
    };
    match shared {
        Some(Ok(())) => Ok(format!("Файл «{name}» передан.")),
        Some(Err(e)) => Err(ActionError::Refused(e)),
        None => {
            match text {
                Some(t) => device::download(t.as_bytes(), name, "application/json")?,
                None => device::download_parts(
                    parts.iter().map(|p| p.as_bytes()),
                    name,
                    "application/json",
                )?,
            }
            Ok(format!("Файл «{name}» сохранён в папку загрузок."))
        }
    }
}

/// Writes the file of `scope` and offers it as a download (or to the share
/// sheet); says what happened.
pub async fn save_to_file(
    app: AppState,
    scope: Scope,
    opt: SaveOptions,
    pass: Option<String>,
) -> Result<Saved, ActionError> {
    let child = match &scope {
        Scope::Student { student_id } => Some(student_id.clone()),
        _ => None,
    };
    let known = match &child {
        Some(id) => known_of(app, id).await,
        None => None,
    };
    let thin = known.as_ref().filter(|_| opt.changes && opt.include);
    let p = app.data.get_untracked();
    let (mut env, students) = build(app, &p, &scope, opt, thin).await?;
    // A school or class file of a school device carries the school key and
    // is signed with it (a family's device writes only a child's file).
    let key = match &scope {
        Scope::School | Scope::Class { .. } if !app.parent.get_untracked() => {
            let key = super::sign::own_key(app).await?;
            portfolio_core::exchange::sign::mark(&mut env, &key);
            Some(key)
        }
        _ => None,
    };
    // The text in parts: the records unchanged since they were stored are
    // copied as storage holds them, not written again.
    let mut parts = texts::with_stored_texts(|stored| to_json_parts(&env, &students, stored));
    if let Some(key) = &key {
        super::sign::sign_parts(&mut parts, key).await;
    }
    let length: usize = parts.iter().map(|p| p.len()).sum();
    let ctx = app.ctx();
    let mut name = file_name(&p, &scope, ctx.today());
    if env.data.base.is_some() {
        name = format!("Изменения_{name}");
    }
    // The whole text, where it is needed at once: to encrypt, to share.
    let mut text =
        (pass.is_some() || opt.share).then(|| parts.iter().map(|p| &**p).collect::<String>());
    if let (Some(pass), Some(plain)) = (&pass, &text) {
        let sealed = crypto::encrypt(plain.as_bytes(), pass).await?;
        text = Some(portfolio_core::exchange::sealed::seal(&sealed));
    }
    let message = deliver(&parts, text.as_deref(), &name, opt).await?;
    let size = portfolio_core::records::document::format_size(length as u64);
    let mut tail = format!(" Размер файла: {size}.");
    let parent = app.parent.get_untracked();
    if opt.changes && thin.is_none() && child.is_some() {
        tail.push_str(if parent {
            " Файл от учителя на этом устройстве ещё не открывался, поэтому сохранено всё портфолио ребёнка."
        } else {
            " Этому ученику файл ещё не сохранялся, поэтому сохранено всё портфолио ребёнка."
        });
    }
    // The teacher's device remembers what the family will have; a
    // family's remembers only what it received.
    if let (Some(id), false, true) = (&child, parent, opt.include) {
        // The file's records: its skeleton and the students given apart.
        let mut written = to_portfolio(&env.data);
        for r in students {
            written.students.insert(r.student.id.clone(), r);
        }
        let base = env.data.base.as_ref();
        let k = Known::after(&written, base, &p, known.as_ref(), env.exported_at);
        app.commit(&[delta::remember(id, &k)]).await?;
    }
    if scope == Scope::School {
        app.backup_saved(ctx.now());
    }
    Ok(Saved { message, tail })
}
