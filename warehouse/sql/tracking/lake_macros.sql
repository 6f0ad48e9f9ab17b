-- URLs compared without query string, fragment, trailing slashes or case.
CREATE OR REPLACE MACRO norm_url(u) AS rtrim(lower(regexp_replace(u, '[?#].*$', '')), '/');
-- Is page URL `u` the page `base` or a page below it?
CREATE OR REPLACE MACRO under_url(u, base) AS
    norm_url(u) = norm_url(base) OR starts_with(norm_url(u), norm_url(base) || '/');
