-- The demo world described: its tracked links, with the key of their LP.
SELECT l.link_key, lp.key AS lp_key, l.target_url
FROM links l
JOIN landing_pages lp ON lp.id = l.lp_id
ORDER BY l.link_key;
