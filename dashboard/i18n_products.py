"""UI strings of the products and transfer prices page (French first, English), merged by
``dashboard.i18n``.

Pure module: no Streamlit import.
"""

from __future__ import annotations

from typing import Final

FR: Final[dict[str, str]] = {
    "nav.products": "Produits et prix de cession",
    "products.title": "Produits et prix de cession",
    "products.intro": (
        "Les produits sont communs à tous les comptes. Un produit archivé reste sur ce qui "
        "l'utilise déjà, mais ne peut plus être choisi pour une nouvelle landing page, un "
        "nouveau formulaire ou une nouvelle commande. Le prix de cession est ce qu'une entité "
        "facture à l'autre par lead vendu de ce produit (HT)."
    ),
    "products.create": "Nouveau produit",
    "products.code_help": "Une majuscule puis 1 à 15 majuscules, chiffres ou _ (ne change plus).",
    "products.aides": "Aides (une par ligne)",
    "products.created": "Produit {code} créé.",
    "products.edit_which": "Produit à modifier",
    "products.updated": "Produit {code} enregistré.",
    "products.archive": "Archiver le produit",
    "products.archived": (
        "Produit {code} archivé : refusé pour les nouvelles landing pages, formulaires et "
        "commandes."
    ),
    "products.unarchive": "Réactiver le produit",
    "products.unarchived": "Produit {code} réactivé.",
    "products.price_which": "Produit",
    "products.price": "Prix de cession (€ HT)",
    "products.price_save": "Enregistrer le prix",
    "products.price_set": "Prix de cession de {code} : {price} €.",
    "col.code": "Code",
    "col.label": "Libellé",
    "col.aides": "Aides",
    "col.transfer_price": "Prix de cession (€)",
    "col.default_price": "Prix de cession par défaut (€)",
    "col.from_entity": "Entité productrice (facture)",
    "col.to_entity": "Entité vendeuse (facturée)",
    "prices.title": "Prix de cession par paire d'entités",
    "prices.intro": (
        "Une vente d'un lead produit par une entité et vendu par une autre gèle le prix le plus "
        "précis de la paire (productrice → vendeuse, puis productrice → toutes, puis toutes → "
        "vendeuse), sinon le prix par défaut du produit."
    ),
    "prices.any": "toutes",
    "prices.help": "Identifiant d'une entité (acc_…) ; vide : toutes.",
    "prices.pair_set": "Prix de cession de {code} ({pair}) : {price} €.",
    "prices.delete_which": "Prix d'une paire à supprimer",
    "prices.delete": "Supprimer ce prix",
    "prices.deleted": "Prix de cession de {code} ({pair}) supprimé.",
}

EN: Final[dict[str, str]] = {
    "nav.products": "Products and transfer prices",
    "products.title": "Products and transfer prices",
    "products.intro": (
        "Products are shared by every account. An archived product stays on what already uses "
        "it, but can no longer be picked for a new landing page, form or commande. The transfer "
        "price is what one entity bills the other per sold lead of that product (excl. VAT)."
    ),
    "products.create": "New product",
    "products.code_help": "An upper-case letter then 1 to 15 upper-case letters, digits or _ "
    "(it never changes).",
    "products.aides": "Aides (one per line)",
    "products.created": "Product {code} created.",
    "products.edit_which": "Product to change",
    "products.updated": "Product {code} saved.",
    "products.archive": "Archive the product",
    "products.archived": "Product {code} archived: refused for new landing pages, forms and "
    "commandes.",
    "products.unarchive": "Reactivate the product",
    "products.unarchived": "Product {code} reactivated.",
    "products.price_which": "Product",
    "products.price": "Transfer price (€ excl. VAT)",
    "products.price_save": "Save the price",
    "products.price_set": "Transfer price of {code}: €{price}.",
    "col.code": "Code",
    "col.label": "Label",
    "col.aides": "Aides",
    "col.transfer_price": "Transfer price (€)",
    "col.default_price": "Default transfer price (€)",
    "col.from_entity": "Producing entity (bills)",
    "col.to_entity": "Selling entity (billed)",
    "prices.title": "Transfer prices per pair of entities",
    "prices.intro": (
        "A sale of a lead produced by one entity and sold by another freezes the most specific "
        "price of the pair (producer → seller, then producer → any, then any → seller), else the "
        "product's default."
    ),
    "prices.any": "any",
    "prices.help": "An entity's id (acc_…); blank: any.",
    "prices.pair_set": "Transfer price of {code} ({pair}): €{price}.",
    "prices.delete_which": "Pair price to delete",
    "prices.delete": "Delete this price",
    "prices.deleted": "Transfer price of {code} ({pair}) deleted.",
}
