"""The files of an issued document: the EN 16931 CII XML (:mod:`.cii`), the visual PDF
(:mod:`.pdf`), both made one Factur-X PDF/A-3 (:mod:`.facturx`); the CSV is :mod:`..csv_doc`."""
