//! What a start screen says about this device: the space the portfolio
//! takes and whether the browser keeps it, working offline, the version;
//! and the switch between a teacher's device and a family's.

use crate::browser::shell::{Offline, ShellState};
use crate::state::use_app;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The switch between a teacher's device and a family's (a per-device
/// setting, see `AppState::set_parent`).
#[component]
pub fn RoleSwitch(
    /// Which role the button chooses.
    to_parent: bool,
) -> impl IntoView {
    let app = use_app();
    let (title, hint, button) = if to_parent {
        (
            "Вы родитель?",
            "Учитель передаст файл с портфолио вашего ребёнка. Школу настраивать не нужно: откройте файл, и портфолио появится на этом телефоне.",
            "Я родитель",
        )
    } else {
        (
            "Это устройство учителя?",
            "Учитель ведёт на устройстве весь класс и настраивает справочники.",
            "Я учитель",
        )
    };
    view! {
        <section aria-labelledby="role-title">
            <h2 id="role-title">{title}</h2>
            <p class="hint">{hint}</p>
            <button type="button" on:click=move |_| app.set_parent(to_parent)>{button}</button>
        </section>
    }
}

/// «Место на устройстве»: how much the portfolio takes, how much the
/// browser allows, and whether the browser promised to keep the data.
#[component]
pub fn StorageSection() -> impl IntoView {
    let app = use_app();
    let shell = expect_context::<ShellState>();
    let asking = RwSignal::new(false);
    let ask = move |_| {
        asking.set(true);
        spawn_local(async move {
            app.check_storage(true).await;
            asking.try_set(false);
        });
    };
    view! {
        <section class="storage" aria-labelledby="storage-title">
            <h2 id="storage-title">"Место на устройстве"</h2>
            <p>{move || match app.space.get() {
                Some(u) => u.describe(),
                None => "Браузер не сообщает, сколько места занято.".to_string(),
            }}</p>
            {move || match app.persisted.get() {
                Some(true) => view! {
                    <p class="ok-text">"Браузер обещал хранить данные портфолио и не удалять их при нехватке места."</p>
                }.into_any(),
                _ => view! {
                    <p class="hint">"Браузер не обещал хранить данные постоянно: при нехватке места (а Safari — после 7 дней без посещения) он может их удалить. Добавьте страницу на главный экран телефона или в закладки — тогда браузеры чаще соглашаются."</p>
                    <button type="button" on:click=ask disabled=asking>"Попросить браузер сохранить данные"</button>
                }.into_any(),
            }}
            <h3>"Работа без интернета"</h3>
            <p>{move || match shell.offline.get() {
                Offline::Ready => "Приложение сохранено на этом устройстве: оно откроется и без интернета.",
                Offline::Pending => "Приложение сохраняется на этом устройстве, чтобы открываться без интернета…",
                Offline::Unavailable { insecure: true } => "Без интернета приложение с этого адреса не откроется: браузер сохраняет приложения только с адресов https://. Данные при этом хранятся на устройстве как обычно. Попросите разместить «Портфолио» по адресу https://.",
                Offline::Unavailable { insecure: false } => "Этот браузер не сохраняет приложение для работы без интернета (старая версия или режим инкогнито). Данные при этом хранятся на устройстве как обычно. Откройте «Портфолио» в свежей версии Chrome, Firefox или Safari.",
            }}</p>
            <p class="hint">"На телефоне добавьте «Портфолио» на главный экран (в Chrome: меню → «Установить приложение» или «Добавить на главный экран»; на iPhone в Safari: «Поделиться» → «На экран «Домой»»). На iPhone у значка на главном экране свои данные, отдельные от Safari: откройте значок один раз при подключении к интернету и откройте файл от учителя уже в нём."</p>
            <p class="muted">{format!("Версия {}", crate::browser::shell::build())}</p>
        </section>
    }
}
