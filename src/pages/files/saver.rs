//! «Сохранить файл» as the screens show it: the button's state while the
//! file is built and its message, and «Зашифровать паролем» with the
//! passphrase typed twice. The saving itself is `crate::exchange`.

use crate::exchange::{save_to_file, SaveOptions, Saved};
use crate::state::AppState;
use crate::ui::field::InputKind;
use crate::ui::{CheckField, Notice, TextField};
use leptos::prelude::*;
use leptos::task::spawn_local;
use portfolio_core::exchange::sealed::passphrase_problem;
use portfolio_core::exchange::Scope;

/// A «save a file» button's state: busy while the file is built, its
/// message, and whether a file was saved.
#[derive(Clone, Copy)]
pub struct FileSaver {
    pub busy: RwSignal<bool>,
    pub notice: RwSignal<Option<Notice>>,
    pub saved: RwSignal<bool>,
}

impl FileSaver {
    pub fn new() -> FileSaver {
        FileSaver {
            busy: RwSignal::new(false),
            notice: RwSignal::new(None),
            saved: RwSignal::new(false),
        }
    }

    /// Builds the file of `scope` and offers it; `pass` is what the
    /// passphrase fields gave. `after` is added to the success message.
    pub fn run(
        self,
        app: AppState,
        scope: Scope,
        opt: SaveOptions,
        pass: Result<Option<String>, String>,
        after: &'static str,
    ) {
        if self.busy.get_untracked() {
            return;
        }
        let pass = match pass {
            Ok(p) => p,
            Err(e) => {
                self.notice.set(Some(Notice::Error(e)));
                return;
            }
        };
        self.busy.set(true);
        self.notice.set(Some(Notice::Ok(if pass.is_some() {
            "Готовим и шифруем файл…".into()
        } else {
            "Готовим файл…".into()
        })));
        spawn_local(async move {
            let result = save_to_file(app, scope, opt, pass).await;
            self.busy.try_set(false);
            if result.is_ok() {
                self.saved.try_set(true);
            }
            self.notice.try_set(Some(match result {
                Ok(Saved { message, tail }) => Notice::Ok(format!("{message}{after}{tail}")),
                Err(e) => Notice::Error(e.into()),
            }));
        });
    }
}

/// «Зашифровать паролем» with the passphrase typed twice. Gives the
/// passphrase to use (`Ok(None)`: no encryption) or what is wrong.
pub fn passphrase_fields(
    prefix: &'static str,
) -> (AnyView, impl Fn() -> Result<Option<String>, String> + Copy) {
    let on = RwSignal::new(false);
    let pass = RwSignal::new(String::new());
    let again = RwSignal::new(String::new());
    let view = view! {
        <CheckField id=format!("{prefix}-encrypt") label="Зашифровать паролем" checked=on on_change=move |v| on.set(v) />
        {move || on.get().then(|| view! {
            <TextField id=format!("{prefix}-pass") label="Пароль для файла" kind=InputKind::Password value=pass on_input=move |v| pass.set(v)
                hint="Не короче 8 символов. Сообщите пароль получателю отдельно от файла (не в том же сообщении): без пароля файл не открыть." />
            <TextField id=format!("{prefix}-pass2") label="Пароль ещё раз" kind=InputKind::Password value=again on_input=move |v| again.set(v) />
        })}
    }
    .into_any();
    let get = move || {
        if !on.get_untracked() {
            return Ok(None);
        }
        let (p, a) = (pass.get_untracked(), again.get_untracked());
        match passphrase_problem(&p, &a) {
            Some(e) => Err(e),
            None => Ok(Some(p)),
        }
    };
    (view, get)
}
