//! Devices that exchange a child's files as the app does: the teacher's
//! laptop and a family's phone, each with its records, its stored files and
//! what it knows the other side has.

use portfolio_core::exchange::delta::{self, Known};
use portfolio_core::exchange::merge::{merge_from, record_edit, Report, Sender};
use portfolio_core::exchange::{
    drop_missing_documents, export, new_files, parse, to_json, to_portfolio, Scope, Writer,
};
use portfolio_core::exchange::{Refused, Why};
use portfolio_core::stored::{file_key, thumb_key, Key};
use portfolio_core::{Id, Portfolio};
use std::collections::BTreeMap;

pub struct Device {
    pub name: &'static str,
    pub p: Portfolio,
    pub files: BTreeMap<String, Vec<u8>>,
    pub known: BTreeMap<Id, Known>,
    /// The teacher's device remembers what it sent too; a family's only
    /// what it received.
    pub teacher: bool,
    pub now: i64,
}

impl Device {
    pub fn new(name: &'static str, teacher: bool) -> Device {
        Device {
            name,
            p: Portfolio::default(),
            files: BTreeMap::new(),
            known: BTreeMap::new(),
            teacher,
            // After the generated schools were written.
            now: 1_796_000_000_000,
        }
    }

    pub fn tick(&mut self) -> i64 {
        self.now += 60_000;
        self.now
    }

    pub fn revision(&mut self) -> portfolio_core::Revision {
        let now = self.tick();
        portfolio_core::Revision::new(now, self.name)
    }

    /// An edit as the app makes it: lineage and the deletion log recorded.
    /// `f` gets the revision an edited record takes.
    pub fn edit(
        &mut self,
        keys: &[Key],
        f: impl FnOnce(&mut Portfolio, &portfolio_core::Revision),
    ) {
        let before = self.p.clone();
        let rev = self.revision();
        f(&mut self.p, &rev);
        record_edit(&before, &mut self.p, keys, &rev);
        self.drop_orphans();
    }

    /// Files no document refers to are removed with their record (as
    /// `stored::changes` does).
    fn drop_orphans(&mut self) {
        let keep: std::collections::BTreeSet<String> = self
            .p
            .students
            .values()
            .flat_map(|r| r.documents())
            .flat_map(|d| [file_key(&d.id), thumb_key(&d.id)])
            .collect();
        self.files.retain(|k, _| keep.contains(k));
    }

    /// The child's file: a file of changes when `changes` and something is
    /// known, the whole package otherwise.
    pub fn send(&mut self, child: &Id, changes: bool) -> String {
        let now = self.tick();
        let by = Writer {
            now,
            device: self.name,
            app_version: "test",
        };
        let scope = Scope::Student {
            student_id: child.clone(),
        };
        let env = match self.known.get(child).filter(|_| changes) {
            Some(k) => {
                let keys = delta::file_keys(&self.p, child, k);
                let files = keys
                    .iter()
                    .map(|key| (key.clone(), self.files[key].clone()))
                    .collect();
                delta::thin(export(&self.p, &scope, None, &by).unwrap(), k, &files).unwrap()
            }
            None => export(&self.p, &scope, Some(&self.files), &by).unwrap(),
        };
        if self.teacher {
            let k = Known::after(
                &to_portfolio(&env.data),
                env.data.base.as_ref(),
                &self.p,
                self.known.get(child),
                now,
            );
            self.known.insert(child.clone(), k);
        }
        to_json(&env)
    }

    /// Opens and applies a file as «Применить» does; `Err` for a refusal
    /// (nothing changed then).
    pub fn receive(&mut self, text: &str) -> Result<Report, String> {
        let env = parse(text).map_err(|e| e.to_string())?;
        let mut incoming = to_portfolio(&env.data);
        if !env.data.documents_included {
            drop_missing_documents(&mut incoming, &self.p);
        }
        let now = self.tick();
        // The teacher's device takes a child's file as the family's.
        let from = match (&env.scope, self.teacher) {
            (Scope::Student { .. }, true) => Sender::Family,
            _ => Sender::School,
        };
        let (merged, report) = merge_from(&self.p, &incoming, now, false, from);
        let embedded = env.data.files.iter().map(|f| f.key.as_str()).collect();
        let missing = delta::lacking(
            env.data.base.as_ref(),
            &embedded,
            &incoming,
            &self.p,
            &merged,
        );
        if !missing.is_empty() {
            let since = env.data.base.as_ref().map(|b| b.since).unwrap_or_default();
            return Err(Refused {
                file: "файл".into(),
                why: Why::Lacking {
                    since,
                    missing,
                    from: "отправителя",
                },
            }
            .to_string());
        }
        for f in new_files(&env.data, &self.p) {
            self.files.insert(file_key(&f.id), f.bytes.to_vec());
            if let Some(t) = f.thumb {
                self.files.insert(thumb_key(&f.id), t.to_vec());
            }
        }
        self.p = merged;
        self.drop_orphans();
        if let Scope::Student { student_id } = &env.scope {
            let k = Known::after(
                &incoming,
                env.data.base.as_ref(),
                &self.p,
                self.known.get(student_id),
                env.exported_at,
            );
            self.known.insert(student_id.clone(), k);
        }
        Ok(report)
    }
}
