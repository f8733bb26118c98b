//! The class page, section «Поощрения»: every reward of the class's
//! students in a school year, newest first.

use crate::pages::class::{ClassHeader, ClassTab};
use crate::pages::common::{configured_and, year_options};
use crate::route::{replace, Route};
use crate::state::use_app;
use crate::ui::SelectField;
use leptos::prelude::*;
use portfolio_core::records::reward::{of_class, prepositional};
use portfolio_core::records::school_year::year_label;
use portfolio_core::util::date::format_ru;
use portfolio_core::{CatalogueKind, Id};

#[component]
pub fn ClassRewardsPage(id: Id, year: Option<i32>) -> impl IntoView {
    let app = use_app();
    let Some(class_year) = app.data.with_untracked(|p| p.class(&id).map(|c| c.year)) else {
        return crate::pages::common::missing("Класс");
    };
    // By default the class's own school year.
    let year = year.unwrap_or(class_year);
    let years = year_options(|p, _| configured_and(p, []));
    let on_year = {
        let id = id.clone();
        move |v: String| replace(&Route::ClassRewards(id.clone(), v.parse().ok()))
    };
    let rows = {
        let id = id.clone();
        move || {
            app.data.with(|p| {
                of_class(p, &id, Some(year))
                    .into_iter()
                    .map(|x| {
                        (
                            x.student_id,
                            x.student,
                            p.catalogues
                                .name(CatalogueKind::RewardKinds, &x.reward.kind_id),
                            format!("{} деятельности", prepositional(x.reward.activity)),
                            format_ru(x.reward.date),
                            x.reward.awarded_by,
                        )
                    })
                    .collect::<Vec<_>>()
            })
        }
    };
    view! {
        <ClassHeader id=id.clone() tab=ClassTab::Rewards />
        <h2>"Поощрения"</h2>
        <fieldset class="filters">
            <legend>"Фильтр"</legend>
            <SelectField id="filter-year" label="Учебный год" options=years value=year.to_string() on_change=on_year />
        </fieldset>
        {move || {
            let rows = rows();
            if rows.is_empty() {
                return view! { <p class="summary" role="status">{format!("За {} учебный год поощрений нет.", year_label(year))}</p> }.into_any();
            }
            view! {
                <p class="summary" role="status">{format!("Поощрений за {} учебный год: {}.", year_label(year), rows.len())}</p>
                <div class="table-scroll" role="region" aria-label="Поощрения класса" tabindex="0">
                    <table class="report-table">
                        <thead><tr>
                            <th scope="col">"Ученик"</th>
                            <th scope="col">"Вид поощрения"</th>
                            <th scope="col">"За успехи в"</th>
                            <th scope="col">"Дата вручения"</th>
                            <th scope="col">"Кем вручено"</th>
                        </tr></thead>
                        <tbody>
                            {rows.into_iter().map(|(sid, name, kind, activity, date, by)| view! {
                                <tr>
                                    <th scope="row"><a href=Route::Rewards(sid, Some(year)).href()>{name}</a></th>
                                    <td>{kind}</td>
                                    <td>{activity}</td>
                                    <td>{date}</td>
                                    <td>{by}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }.into_any()
        }}
    }
    .into_any()
}
