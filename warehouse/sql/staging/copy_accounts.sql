CREATE OR REPLACE TABLE accounts AS
SELECT CAST(id AS VARCHAR) AS id, CAST(name AS VARCHAR) AS name,
       CAST(parent_id AS VARCHAR) AS parent_id, CAST(kind AS VARCHAR) AS kind,
       CAST(created_at AS TIMESTAMPTZ) AS created_at
FROM hub_accounts
