# Private helper module: the leading underscore makes Django's loader skip it,
# so it must NOT be reported.

CARRIERS = [
    ("DHL", "DHL Express"),
    ("UPS", "United Parcel Service"),
    ("PNL", "PostNL"),
]
