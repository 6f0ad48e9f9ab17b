-- A new buyer (its signing secret already encrypted).
INSERT INTO buyers (id, account_id, name, contact_email, webhook_url, secret_enc, dedupes,
                    return_window_days, legal_name, siren, vat_number, address, billing_cycle,
                    payment_days, is_test, active, created_at)
VALUES (:id, :account_id, :name, :contact_email, :webhook_url, :secret_enc, :dedupes,
        :return_window_days, :legal_name, :siren, :vat_number, :address, :billing_cycle,
        :payment_days, :is_test, 1, :created_at);
