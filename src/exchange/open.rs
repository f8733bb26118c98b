//! Opening a file: its bytes read as text, the text read (a large file in
//! parts, the page answering between them), an encrypted file decrypted,
//! the records merged into a copy of the data for the preview ([`Pending`]),
//! and applied on «Применить» — with what the sender is now known to have —
//! in one transaction. A school year's archive opens read-only instead.

use super::save::known_of;
use crate::browser::{crypto, device::breathe};
use crate::route::{navigate, Route};
use crate::state::{texts, ActionError, AppState, OpenArchive};
use leptos::prelude::*;
use portfolio_core::exchange::delta::{self, Known};
use portfolio_core::exchange::merge::{decide, merge_from, Report, Sender};
use portfolio_core::exchange::sealed::Sealed;
use portfolio_core::exchange::sign::{self, SchoolKey, Signature};
use portfolio_core::exchange::{
    drop_missing_documents, embedded_files, into_portfolio, new_files, parse, to_portfolio, Base,
    Envelope, Opened, PartRead, ReadError, Refused, Scope, SealedError, Why,
};
use portfolio_core::stored::NewFile;
use portfolio_core::util::id::Context;
use portfolio_core::{Id, Portfolio};
use std::sync::Arc;

/// Files larger than this are read a part at a time.
const IN_PARTS_FROM: usize = 1 << 20;
/// How long one part may keep the page busy, in milliseconds.
const PART_MS: f64 = 40.0;

/// A file's bytes as text: UTF-8, a byte-order mark dropped (as an editor
/// on Windows may add); `None` for anything else.
fn text_of(mut bytes: Vec<u8>) -> Option<String> {
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        bytes.drain(..3);
    }
    String::from_utf8(bytes).ok()
}

/// The text of a picked file. As bytes, not as a JS string: turning 20 MB
/// of text into the app's string took longer than the page may stand still.
pub async fn read_picked(file: &web_sys::File) -> Result<String, String> {
    let text = wasm_bindgen_futures::JsFuture::from(file.array_buffer())
        .await
        .ok()
        .and_then(|b| text_of(js_sys::Uint8Array::new(&b).to_vec()));
    breathe().await;
    text.ok_or_else(|| format!("Файл «{}» не прочитан: это не текстовый файл.", file.name()))
}

/// Reads a file the app wrote. A large plain file is read in parts (see
/// `exchange::PartRead`): the page answers between them and `progress` hears
/// how far it is (percent); anything else — and any problem, for its exact
/// message — is read whole.
pub async fn open_text(text: &str, progress: impl Fn(u32)) -> Result<Opened, ReadError> {
    use portfolio_core::exchange::open;
    if text.len() < IN_PARTS_FROM {
        return open(text);
    }
    let Some(mut r) = PartRead::start(text, texts::known_texts()) else {
        return open(text);
    };
    breathe().await;
    let mut done = 0.0;
    while !r.done() {
        let started = js_sys::Date::now();
        while !r.done() && js_sys::Date::now() - started < PART_MS {
            match r.step(4) {
                Some(d) => done = d,
                None => return open(text),
            }
        }
        progress((done * 100.0) as u32);
        breathe().await;
    }
    match r.finish() {
        Some(env) => Ok(Opened::Plain(Box::new(env))),
        None => open(text),
    }
}

/// Decrypts an encrypted file with `pass` and reads what it holds; gives
/// the decrypted text too (its signature is judged on it).
pub async fn unlock(
    s: &Sealed,
    pass: &str,
    progress: impl Fn(u32),
) -> Result<(Opened, String), ReadError> {
    let plain = crypto::decrypt(s, pass).await?;
    let text = String::from_utf8(plain).map_err(|_| SealedError::WrongPassphrase)?;
    let opened = match open_text(&text, progress).await? {
        // An encrypted file inside an encrypted one is not ours.
        Opened::Sealed(_) => parse(&text).map(|e| Opened::Plain(Box::new(e)))?,
        plain => plain,
    };
    Ok((opened, text))
}

/// How this device judges the signature of a school or class file (see
/// `sign.rs`); `None` for other files, on a family's device, and on a
/// device that keeps no school key yet.
pub async fn signature_of(
    app: AppState,
    text: &str,
    env: &Envelope,
) -> Result<Option<Signature>, ActionError> {
    match env.scope {
        Scope::School | Scope::Class { .. } if !app.parent.get_untracked() => {
            super::sign::judge(app, text, sign::carried(env).as_ref()).await
        }
        _ => Ok(None),
    }
}

/// Opens a checked archive file for reading and shows it.
pub fn open_archive(app: AppState, start_year: i32, env: &Envelope) {
    app.archive.set(Some(Arc::new(OpenArchive {
        start_year,
        portfolio: to_portfolio(&env.data),
        files: embedded_files(&env.data),
    })));
    navigate(&Route::Archive);
}

/// A file read and merged into a copy, waiting for «Применить».
#[derive(Clone)]
pub struct Pending {
    pub name: String,
    here: Portfolio,
    /// The file's records (to merge again when records changed outside the
    /// app are accepted).
    incoming: Portfolio,
    /// The records changed outside the app are taken too.
    pub accepted: bool,
    merged: Portfolio,
    pub report: Report,
    files: Vec<NewFile>,
    /// Documents of a file «без документов» not brought over.
    pub left_out: usize,
    /// The child's place in the class, as the teacher's device gave it.
    pub position: Option<String>,
    /// A child's file: the child, what its file left out, when it was
    /// written — to remember what the other side has once it is applied.
    child: Option<(Id, Option<Base>, i64)>,
    /// Who wrote the file, as this device judges: a child's file opened on
    /// the school's device is the family's (it changes only what the
    /// family may, and proposes the rest); a school or class file without
    /// the school's signature is unproven until the teacher confirms it.
    from: Sender,
    /// The signature of a school or class file, as this device judges it
    /// (`None`: not such a file, or this device keeps no key yet).
    pub signature: Option<Signature>,
    /// The school key the file carries, which a device without one takes
    /// with «Применить».
    carried: Option<SchoolKey>,
    /// The teacher's tick for each of the family's proposals
    /// (`report.decisions`): accepted with «Применить»; what is not ticked
    /// is declined.
    pub accept: Vec<bool>,
}

impl Pending {
    /// Merges a checked file into a copy of the data. `None`: a school
    /// year's archive, opened read-only instead.
    pub fn prepare(
        app: AppState,
        name: String,
        env: Envelope,
        signature: Option<Signature>,
    ) -> Result<Option<Pending>, Refused> {
        let refuse = |why| Refused {
            file: name.clone(),
            why,
        };
        let parent = app.parent.get_untracked();
        match env.scope {
            Scope::Archive { start_year } if !parent => {
                open_archive(app, start_year, &env);
                Ok(None)
            }
            Scope::Archive { .. } => Err(refuse(Why::ArchiveOnFamily)),
            // П2 §6.4: a family keeps its own child's data only.
            Scope::School | Scope::Class { .. } if parent => Err(refuse(Why::NotOneChild {
                school: env.scope == Scope::School,
                students: env.data.students.len(),
            })),
            _ => Pending::merged(app, name, env, signature).map(Some),
        }
    }

    fn merged(
        app: AppState,
        name: String,
        mut env: Envelope,
        signature: Option<Signature>,
    ) -> Result<Pending, Refused> {
        let here = app.data.get_untracked();
        let carried = sign::carried(&env);
        // What the file's embedded bytes bring, and what a file of changes
        // needs, before its records are taken out of it (not copied).
        let files = new_files(&env.data, &here);
        let embedded: Vec<String> = env.data.files.iter().map(|f| f.key.clone()).collect();
        let base = env.data.base.take();
        let env_scope = env.scope.clone();
        let child = match &env.scope {
            Scope::Student { student_id } => {
                Some((student_id.clone(), base.clone(), env.exported_at))
            }
            _ => None,
        };
        let position = env.data.class_position.as_ref().map(|p| p.describe());
        let included = env.data.documents_included;
        let mut incoming = into_portfolio(env.data);
        let left_out = if included {
            0
        } else {
            drop_missing_documents(&mut incoming, &here)
        };
        let from = sign::sender(&env_scope, app.parent.get_untracked(), signature, false);
        let (merged, report) = merge_from(&here, &incoming, app.ctx().now(), false, from);
        // A file of changes needs what it continues: refused whole otherwise.
        let missing = delta::lacking(
            base.as_ref(),
            &embedded.iter().map(String::as_str).collect(),
            &incoming,
            &here,
            &merged,
        );
        if !missing.is_empty() {
            let from = if app.parent.get_untracked() {
                "учителя"
            } else {
                "родителей"
            };
            return Err(Refused {
                file: name,
                why: Why::Lacking {
                    since: base.as_ref().map(|b| b.since).unwrap_or_default(),
                    missing,
                    from,
                },
            });
        }
        Ok(Pending {
            name,
            here,
            incoming,
            accepted: false,
            merged,
            files,
            left_out,
            position,
            child,
            from,
            signature,
            carried,
            accept: vec![false; report.decisions.len()],
            report,
        })
    }

    /// The teacher says the file comes from a school device (a file of an
    /// earlier release, or of a device set up apart): merged again as the
    /// school's. A broken signature stays unproven.
    pub fn confirming_school(self, app: AppState) -> Pending {
        let scope = Scope::School;
        let from = sign::sender(&scope, false, self.signature, true);
        let (merged, report) = merge_from(
            &self.here,
            &self.incoming,
            app.ctx().now(),
            self.accepted,
            from,
        );
        Pending {
            accept: vec![false; report.decisions.len()],
            merged,
            report,
            from,
            ..self
        }
    }

    /// Whether the file is taken as the school's only once the teacher
    /// confirms it.
    pub fn awaits_confirmation(&self) -> bool {
        self.from == Sender::Unproven
    }

    /// The user confirms the records changed outside the app: merged
    /// again, taking them (the copies here go to «Архив версий»).
    pub fn accepting_changed(self, app: AppState) -> Pending {
        let (merged, report) =
            merge_from(&self.here, &self.incoming, app.ctx().now(), true, self.from);
        Pending {
            accept: vec![false; report.decisions.len()],
            merged,
            report,
            accepted: true,
            ..self
        }
    }

    /// «Применить»: the merged data, the new documents' bytes and what the
    /// sender is now known to have, in one transaction — unless the data
    /// changed since the file was opened.
    pub async fn apply(&self, app: AppState) -> Result<(), ActionError> {
        let keys = self.report.keys.clone();
        // What the sender has of the child, kept in the same transaction.
        let mut also = Vec::new();
        if let Some((id, base, at)) = &self.child {
            let before: Option<Known> = known_of(app, id).await;
            let k = Known::after(
                &self.incoming,
                base.as_ref(),
                &self.merged,
                before.as_ref(),
                *at,
            );
            also.push(delta::remember(id, &k));
        }
        // A school device with no key yet takes the key of the school file
        // it merges (its signature was not judged: there was no key).
        let keyless = self.signature.is_none()
            && self.carried.is_some()
            && !app.parent.get_untracked()
            && super::sign::key_here(app).await?.is_none();
        if let Some(k) = keyless
            .then(|| sign::key_after(None, self.carried.as_ref(), self.from))
            .flatten()
        {
            also.push(k.write());
        }
        app.apply_noting(&self.files, also, |data, ctx| {
            if *data != self.here {
                return Err("Данные изменились, пока файл был открыт: откройте файл снова.".into());
            }
            *data = self.merged.clone();
            // The family's proposals: the ticked ones accepted, the rest
            // declined — each kept with its answer.
            let mut keys = keys;
            let decided = decide(data, &self.report.decisions, &self.accept, &ctx.revision());
            for k in decided {
                if !keys.contains(&k) {
                    keys.push(k);
                }
            }
            Ok(((), keys))
        })
        .await
    }
}
