//! The family's start screen («Я родитель», П1 §1.12–1.13): a parent opens
//! the file the teacher sent, keeps their own child's portfolio on the
//! phone — personal data, achievements with photos — and sends it back
//! (`family_files.rs`, a chunk of its own). This screen lists the children
//! on the device, then the files, the device's storage and the role switch.

use super::children::{children, Child};
use super::device::{RoleSwitch, StorageSection};
use crate::route::Route;
use crate::state::use_app;
use leptos::prelude::*;
use portfolio_core::util::text::plural;

#[component]
pub fn FamilyHome(
    /// The family's files with the teacher (a chunk of their own).
    files: fn() -> AnyView,
) -> impl IntoView {
    let app = use_app();
    view! {
        <h1>"Портфолио моего ребёнка"</h1>
        {move || {
            let list = app.roster.with(|r| app.data.with(|p| children(p, r)));
            if list.is_empty() {
                return view! {
                    <p>"Учитель передаст файл с портфолио вашего ребёнка (например, «Портфолио_Рультынэ_Айна_2026-11-23.json») — в мессенджере, по почте или на флешке. Сохраните его на телефон и откройте здесь."</p>
                }
                .into_any();
            }
            view! {
                <ul class="cards" aria-label="Мои дети">
                    {list.into_iter().map(|Child { id, name, class, achievements: n }| view! {
                        <li>
                            <a class="card-link" href=Route::Personal(id).href()>
                                <span class="card-title">{name}</span>
                                <span class="muted">{format!("{class}, {n} {}", plural(n, "достижение", "достижения", "достижений"))}</span>
                            </a>
                        </li>
                    }).collect_view()}
                </ul>
            }
            .into_any()
        }}
        {files()}
        <StorageSection />
        <RoleSwitch to_parent=false />
    }
}
