-- Changes whenever leads, deliveries, credits, invoices, ad costs or the catalogue change (counts, last times, and sums of
-- the columns an edit usually touches: SQLite keeps no row version).
SELECT
    (SELECT count(*) || '/' || coalesce(max(updated_at), '') FROM leads) || '|' ||
    (SELECT count(*) || '/' || coalesce(max(updated_at), '') FROM deliveries) || '|' ||
    (SELECT count(*) || '/' || coalesce(max(created_at), '') FROM credits) || '|' ||
    (SELECT count(*) || '/' || coalesce(max(issued_at), '') || '/' ||
            coalesce(sum(length(status)), 0) FROM invoices) || '|' ||
    (SELECT count(*) || '/' || coalesce(max(created_at), '') || '/' ||
            coalesce(sum(length(name)), 0) FROM accounts) || '|' ||
    (SELECT count(*) || '/' || coalesce(max(created_at), '') || '/' ||
            coalesce(sum(active), 0) || '/' || coalesce(sum(length(name)), 0)
       FROM landing_pages) || '|' ||
    (SELECT count(*) || '/' || coalesce(max(created_at), '') || '/' ||
            coalesce(sum(active), 0) || '/' || coalesce(sum(length(name)), 0) FROM forms) || '|' ||
    (SELECT count(*) || '/' || coalesce(max(created_at), '') || '/' ||
            coalesce(sum(active), 0) || '/' || coalesce(sum(length(name)), 0) || '/' ||
            coalesce(sum(length(delivery_mode) + dedupes + return_window_days), 0)
       FROM buyers) || '|' ||
    (SELECT count(*) || '/' || coalesce(max(created_at), '') || '/' || coalesce(sum(active), 0)
            || '/' || coalesce(sum(price_cents), 0) || '/' || coalesce(sum(daily_cap), 0)
            || '/' || coalesce(sum(priority), 0) || '/' || coalesce(sum(length(departements)), 0)
       FROM commandes) || '|' ||
    (SELECT count(*) || '/' || coalesce(max(imported_at), '') || '/' ||
            coalesce(sum(cost_cents), 0) FROM ad_costs)
