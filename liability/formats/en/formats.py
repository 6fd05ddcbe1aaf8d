# English dates spelled out in full ("January 7, 2026"), as the pages always said them;
# Django's own English DATE_FORMAT abbreviates the month ("Jan. 7, 2026"). Spanish uses
# Django's es formats unchanged ("7 de enero de 2026"). Templates and views name the
# format, never a pattern: |date:"DATE_FORMAT", formats.date_format(day, "DATE_FORMAT").
DATE_FORMAT = "F j, Y"
