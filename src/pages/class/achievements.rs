//! The class page, section «Достижения» (П1 §1.9, §5.4): every student of
//! the class with the number of achievements — in total and by type — their
//! points and place, for a school year, a period and a type; sortable by any
//! column, with a total row; a student's row opens their achievements with
//! the same filter. «Скачать CSV (Excel)» and «Печать» (the class summary).

use crate::pages::class::{ClassHeader, ClassTab};
use crate::pages::reports::widgets::{print, save_csv, SpanFilter};
use crate::route::{replace_quietly, Route, TableView};
use crate::state::use_app;
use leptos::prelude::*;
use portfolio_core::assessment::rating::Span;
use portfolio_core::assessment::report::{class_table, ClassTable, SortBy};
use portfolio_core::util::text::plural;
use portfolio_core::Id;

#[component]
pub fn ClassAchievementsPage(id: Id, view: TableView) -> impl IntoView {
    let app = use_app();
    let Some((class_name, class_year)) = app
        .data
        .with_untracked(|p| p.class(&id).map(|c| (c.name.clone(), c.year)))
    else {
        return crate::pages::common::missing("Класс");
    };
    let mut view = view;
    view.filter.year = view.filter.year.or(Some(class_year));
    // The view lives here and in the address (a reload brings it back); the
    // page is not rebuilt when it changes, so focus stays where it was.
    let shown = RwSignal::new(view);
    let cid = StoredValue::new(id.clone());
    let set = move |v: TableView| {
        replace_quietly(&Route::ClassAchievements(cid.get_value(), v.clone()));
        shown.set(v);
    };
    let table = Memo::new(move |_| {
        let v = shown.get();
        app.data.with(|p| {
            let mut t = class_table(p, &cid.get_value(), &v.filter);
            t.sort(v.sort, v.descending);
            t
        })
    });
    let sort = move |by: SortBy| {
        let mut v = shown.get_untracked();
        v.descending = if v.sort == by {
            !v.descending
        } else {
            by != SortBy::Name
        };
        v.sort = by;
        set(v);
        refocus(format!("sort-{}", by.key()));
    };
    let span = move || {
        let v = shown.get();
        let span = Span {
            year: v.filter.year.unwrap_or(class_year),
            period: v.filter.period_id.clone(),
        };
        app.data.with(|p| span.describe(&p.years))
    };
    let class_name = StoredValue::new(class_name);
    let title = move || {
        format!(
            "Достижения учеников класса {} {}",
            class_name.get_value(),
            span()
        )
    };
    let failed = RwSignal::new(None::<String>);
    let csv = move |_| {
        let t = table.with_untracked(|t| t.to_table(title()));
        failed.set(save_csv(&t, &format!("класс {}", class_name.get_value())).err());
    };
    view! {
        <ClassHeader id=id.clone() tab=ClassTab::Achievements />
        <h2>"Достижения"</h2>
        <SpanFilter filter=Signal::derive(move || shown.with(|v| v.filter.clone()))
            on_change=Callback::new(move |f| set(TableView { filter: f, ..shown.get_untracked() })) with_type=true />
        <p class="summary" role="status">{move || table.with(summary)}</p>
        {move || table.with(|t| table_view(t, &title(), shown.get(), sort))}
        {move || failed.get().map(|e| view! { <p class="notice error" role="alert">{e}</p> })}
        <div class="actions no-print">
            <button type="button" on:click=csv>"Скачать CSV (Excel)"</button>
            <button type="button" on:click=move |_| print(None)>"Печать"</button>
        </div>
    }
    .into_any()
}

fn summary(t: &ClassTable) -> String {
    let n = t.rows.len();
    let with = t.rows.iter().filter(|r| r.total > 0).count();
    format!(
        "{n} {}, у {with} есть достижения; всего достижений: {}, баллов: {}.",
        plural(n, "ученик", "ученика", "учеников"),
        t.total,
        t.points.number()
    )
}

/// Puts the focus back on the sort button the user pressed (the header is
/// rebuilt with the table).
fn refocus(id: String) {
    request_animation_frame(move || crate::ui::focus(&id));
}

fn table_view(
    t: &ClassTable,
    title: &str,
    v: TableView,
    sort: impl Fn(SortBy) + Copy + 'static,
) -> AnyView {
    if t.rows.is_empty() {
        return view! { <p class="empty">"В классе нет учеников."</p> }.into_any();
    }
    let head = |by: SortBy, label: String| {
        let state = (v.sort == by).then_some(if v.descending {
            "descending"
        } else {
            "ascending"
        });
        let mark = match state {
            Some("descending") => " ↓",
            Some(_) => " ↑",
            None => "",
        };
        view! {
            <th scope="col" aria-sort=state>
                <button type="button" class="sort" id=format!("sort-{}", by.key()) on:click=move |_| sort(by)
                    aria-label=format!("Упорядочить по столбцу «{label}»")>
                    {format!("{label}{mark}")}
                </button>
            </th>
        }
    };
    let mut columns = vec![head(SortBy::Name, "Ученик".into())];
    columns.extend(
        t.types
            .iter()
            .enumerate()
            .map(|(i, (_, n))| head(SortBy::Type(i), n.clone())),
    );
    columns.push(head(SortBy::Total, "Всего".into()));
    columns.push(head(SortBy::Points, "Баллы".into()));
    let rows = t
        .rows
        .iter()
        .map(|r| {
            let href = Route::Achievements(r.student_id.clone(), v.filter.clone()).href();
            view! {
                <tr>
                    <th scope="row"><a href=href>{r.name.clone()}</a></th>
                    {r.by_type.iter().map(|n| view! { <td>{*n}</td> }).collect_view()}
                    <td>{r.total}</td>
                    <td>{r.points.number()}</td>
                    <td>{r.place.ordinal()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll" role="region" aria-label=title.to_string() tabindex="0">
            <table class="report-table class-table">
                <caption>{title.to_string()}</caption>
                <thead>
                    <tr>
                        {columns}
                        <th scope="col">"Место в классе"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
                <tfoot>
                    <tr>
                        <th scope="row">"Итого"</th>
                        {t.total_by_type.iter().map(|n| view! { <td>{*n}</td> }).collect_view()}
                        <td>{t.total}</td>
                        <td>{t.points.number()}</td>
                        <td></td>
                    </tr>
                </tfoot>
            </table>
        </div>
    }
    .into_any()
}
