//! «Печать портфолио» (П1 §4.3): one child's portfolio as an A4 document
//! through the browser's print dialog — the school, the name and class, the
//! personal data the family agreed to print, achievements by school year
//! and type with level, place, teacher and document thumbnails, the rating.
//! The choices and buttons stay off the paper.

use crate::pages::student::documents::Thumb;
use crate::route::Route;
use crate::state::use_app;
use crate::ui::CheckField;
use leptos::prelude::*;
use portfolio_core::assessment::printout::{printout, PrintOptions, Printout};
use portfolio_core::util::id::Context;
use portfolio_core::Id;

#[component]
pub fn PrintPage(id: Id) -> impl IntoView {
    let app = use_app();
    if app.data.with_untracked(|p| !p.students.contains_key(&id)) {
        return crate::pages::common::missing("Ученик");
    }
    let opt = RwSignal::new(PrintOptions {
        ranked: !app.parent.get_untracked(),
        ..Default::default()
    });
    let sid = StoredValue::new(id.clone());
    let doc = Memo::new(move |_| {
        let o = opt.get();
        let today = app.ctx().today();
        app.data.with(|p| printout(p, &sid.get_value(), o, today))
    });
    let printed_on = portfolio_core::util::date::format_ru(app.ctx().today());
    view! {
        <nav class="crumbs no-print" aria-label="Путь">
            <a href=Route::Rating(id.clone(), Default::default()).href()>"← Рейтинг ученика"</a>
        </nav>
        <div class="no-print print-choices">
            <h1>"Печать портфолио"</h1>
            <p class="hint">"Имя и класс печатаются всегда. Остальные личные данные — только если семья согласна (отметьте)."</p>
            <CheckField id="print-basic" label="Пол, дата и место рождения, гражданство"
                checked=Signal::derive(move || opt.with(|o| o.basic)) on_change=move |v| opt.update(|o| o.basic = v) />
            <CheckField id="print-documents" label="Номера документов (СНИЛС, свидетельство о рождении, иные)"
                checked=Signal::derive(move || opt.with(|o| o.documents)) on_change=move |v| opt.update(|o| o.documents = v) />
            <CheckField id="print-contacts" label="Контактные данные"
                checked=Signal::derive(move || opt.with(|o| o.contacts)) on_change=move |v| opt.update(|o| o.contacts = v) />
            <div class="actions">
                <button type="button" class="primary" on:click=move |_| crate::pages::reports::widgets::print(None)>"Печать"</button>
            </div>
        </div>
        {move || doc.get().map(|d| paper(d, printed_on.clone()))}
    }
    .into_any()
}

fn paper(d: Printout, printed_on: String) -> impl IntoView {
    view! {
        <article class="paper" aria-label="Портфолио для печати">
            <p class="paper-school">{d.school}</p>
            <h2 class="paper-title">"Портфолио обучающегося"</h2>
            <p class="paper-name">{d.name}</p>
            <p>{format!("Класс {}", d.class)}</p>
            {(!d.personal.is_empty()).then(|| view! {
                <h3>"Личные данные"</h3>
                <dl class="paper-personal">
                    {d.personal.into_iter().map(|(k, v)| view! { <dt>{k}</dt><dd>{v}</dd> }).collect_view()}
                </dl>
            })}
            <h3>"Рейтинг"</h3>
            <p>{d.rating.unwrap_or_else(|| "Не участвует в рейтинге.".into())}</p>
            <h3>"Достижения"</h3>
            {if d.years.is_empty() {
                view! { <p>"Достижений пока нет."</p> }.into_any()
            } else {
                d.years.into_iter().map(|y| view! {
                    <section class="paper-year">
                        <h4>{format!("{} — {}", y.label, y.points.describe())}</h4>
                        {y.types.into_iter().map(|t| view! {
                            <h5>{t.type_name}</h5>
                            <ol class="paper-list">
                                {t.items.into_iter().map(|a| view! {
                                    <li class="paper-item">
                                        <p><strong>{a.title}</strong>{format!(" — {}, {}", a.date, a.points.describe())}</p>
                                        <p class="paper-details">
                                            {a.details.into_iter().map(|(k, v)| format!("{k}: {v}")).collect::<Vec<_>>().join("; ")}
                                        </p>
                                        {(!a.pictures.is_empty()).then(|| view! {
                                            <div class="paper-pictures">
                                                {a.pictures.into_iter().map(|(doc, caption)| view! {
                                                    <figure><Thumb doc=doc /><figcaption>{caption}</figcaption></figure>
                                                }).collect_view()}
                                            </div>
                                        })}
                                    </li>
                                }).collect_view()}
                            </ol>
                        }).collect_view()}
                    </section>
                }).collect_view().into_any()
            }}
            {(!d.rewards.is_empty()).then(|| view! {
                <h3>"Поощрения"</h3>
                <ol class="paper-list">
                    {d.rewards.into_iter().map(|(what, by)| view! {
                        <li class="paper-item"><p><strong>{what}</strong>{format!(" — {by}")}</p></li>
                    }).collect_view()}
                </ol>
            })}
            {(!d.observations.is_empty()).then(|| view! {
                <h3>"Личностные и метапредметные результаты"</h3>
                <ol class="paper-list">
                    {d.observations.into_iter().map(|(head, text, who)| view! {
                        <li class="paper-item">
                            <p><strong>{head}</strong></p>
                            <p>{text}</p>
                            <p class="paper-details">{format!("Наблюдал(а): {who}")}</p>
                        </li>
                    }).collect_view()}
                </ol>
            })}
            <p class="paper-date">{format!("Дата печати: {printed_on}")}</p>
        </article>
    }
}
