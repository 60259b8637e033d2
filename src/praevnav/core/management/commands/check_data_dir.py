from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

REQUIRED = [
    "duesseldorf/stadtteile_2025_wgs84.geojson",
    "duesseldorf/sozialraeume_2021_wgs84.geojson",
    "duesseldorf/statistik/wohnbevoelkerung_alter_wohnquartiere_2024.csv",
    "duesseldorf/statistik/bevoelkerungsstand_stadtteile_2012_2024.csv",
    "duesseldorf/statistik/quartiersatlas_2024_sozialraeume.csv",
    "duesseldorf/angebote/integrationsberatung_duesseldorf.csv",
    "kreis_dueren/kreis_dueren_gemeinden_2023.geojson",
]

SOURCES = """Official sources (see docs/data.md):
  - Düsseldorf open data portal (Stadtteile, Sozialräume, Bevölkerung, Integrationsberatung):
    https://opendata.duesseldorf.de
  - Amt für Statistik und Wahlen Düsseldorf (Quartiersatlas 2024)
  - Bundesamt für Kartographie und Geodäsie, VG250 (Gemeindegrenzen Kreis Düren):
    https://gdz.bkg.bund.de"""


class Command(BaseCommand):
    help = "Check that PRAEVNAV_DATA_DIR holds the real open data the demo is built from."

    def handle(self, *args, **opts):
        root = settings.DATA_DIR
        missing = [name for name in REQUIRED if not (root / name).is_file()]
        if missing:
            raise CommandError(
                f"The demo data directory {root} (PRAEVNAV_DATA_DIR) lacks:\n  - "
                + "\n  - ".join(missing)
                + "\nPoint PRAEVNAV_DATA_DIR at a copy of the files.\n"
                + SOURCES
            )
        self.stdout.write(f"Open data found in {root}.")
