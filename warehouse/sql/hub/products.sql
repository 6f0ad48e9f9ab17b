SELECT code, label FROM products
