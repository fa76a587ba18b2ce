// The example that `claimcheck init` writes: small, fictional, commented, and every verdict explained.
export const EXAMPLE_CLAIMS = `# Claims for claimcheck: one list, one entry per claim.
# Every field is described in docs/claims.md. Run: claimcheck audit
claims:
  # A promise: "cut burglary by 20% within two years of the 2021 launch".
  - id: riverton-burglary-cut
    claimant: Riverton City Council
    statement: The new street-camera network will cut burglaries by a fifth within two years.
    kind: forecast            # forecast = a promise or projection; result = a reported achievement
    region: Riverton          # matched against the evidence's region column (case-insensitive)
    metric: burglaries        # matched against the evidence's metric column
    change: -20%              # signed; a range is written -25%..-20%
    baseline: 2021            # the period the change is measured from (a span 2019..2021 means their mean)
    target: { within: 2y }    # or a period: 2023, 2023-Q2, 2023-06, 2023-06-30
    sources:
      - publisher: Riverton Gazette
        title: Council approves camera network
        date: 2021-03-02
        url: https://example.org/riverton/cameras-approved

  # A reported achievement, judged on the reported numbers.
  - id: riverton-burglary-2022
    claimant: Riverton Police
    statement: Burglaries fell by about 10% in 2022.
    kind: result
    region: Riverton
    metric: burglaries
    change: -10%
    baseline: 2021
    target: 2022
    sources:
      - { publisher: Riverton Police, title: Annual report 2022, date: 2023-02-01 }

  # A level: how many cameras were installed.
  - id: riverton-cameras
    claimant: Riverton City Council
    statement: 400 cameras will be in service by the end of 2022.
    kind: forecast
    region: Riverton
    metric: cameras_in_service
    value: ">= 400"           # a value, a range 380..420, or a bound ">= 400" / "<= 5"
    target: 2022
    sources:
      - { publisher: Riverton Gazette, title: Cameras switched on, date: 2022-12-20 }

  # No place or period: kept, and audited as 'unverifiable'.
  - id: vendor-brochure
    claimant: Camera vendor
    statement: Our systems reduce crime by up to 40%.
    kind: result
    change: -40%
    sources:
      - { publisher: Vendor, title: Product brochure }
`;

export const EXAMPLE_EVIDENCE = `region,metric,period,value,unit,source,note
Riverton,burglaries,2021,1200,cases,https://example.org/riverton/police-2021,annual report
Riverton,burglaries,2022,1090,cases,https://example.org/riverton/police-2022,annual report
Riverton,burglaries,2023-01,80,cases,https://example.org/riverton/monthly,monthly bulletin
Riverton,burglaries,2023-02,74,cases,https://example.org/riverton/monthly,monthly bulletin
Riverton,burglaries,2023-03,77,cases,https://example.org/riverton/monthly,monthly bulletin
Riverton,burglaries,2023-04,69,cases,https://example.org/riverton/monthly,monthly bulletin
Riverton,burglaries,2023-05,72,cases,https://example.org/riverton/monthly,monthly bulletin
Riverton,burglaries,2023-06,70,cases,https://example.org/riverton/monthly,monthly bulletin
Riverton,burglaries,2023-07,75,cases,https://example.org/riverton/monthly,monthly bulletin
Riverton,burglaries,2023-08,71,cases,https://example.org/riverton/monthly,monthly bulletin
Riverton,burglaries,2023-09,68,cases,https://example.org/riverton/monthly,monthly bulletin
Riverton,burglaries,2023-10,73,cases,https://example.org/riverton/monthly,monthly bulletin
Riverton,burglaries,2023-11,76,cases,https://example.org/riverton/monthly,monthly bulletin
Riverton,burglaries,2023-12,79,cases,https://example.org/riverton/monthly,monthly bulletin
Riverton,cameras_in_service,2022-12-15,372,cameras,https://example.org/riverton/cameras-on,council statement
`;

// The project config init writes: what it sets works with the two files above, so a bare
// `claimcheck audit` writes these reports; the rest is shown commented out, with its default.
export const EXAMPLE_CONFIG = `# claimcheck's project config: the options of every run, so the command line needn't repeat them.
# Found in this directory or above it (up to the repository root); options on the command line win.
# Relative paths here are read from this file's directory. Every key: docs/config.md.

claims: claims                  # claims files or directories (a list: [claims, more-claims])
evidence: evidence              # evidence files or directories
# select: [tag:kenya, 'lahore-*']  # judge only these claims (by id glob, tag:, claimant:, region:, metric:, kind:)
# exclude: [kind:forecast]         # … and leave these out

# tolerance: 0.5                # percentage points for changes; percent of the claimed value for levels
# as_of: 2026-01-01             # judge forecasts as of this date (without it, unreached targets are pending)

# The reports a bare 'claimcheck audit' writes, by format; the terminal summary still goes to stdout.
outputs:
  md: reports/audit.md
  json: reports/audit.json
  html: reports/audit.html
  # charts: reports/charts      # one SVG per claim, linked from the Markdown report
  # junit: reports/junit.xml    # also: sarif, github, csv, claimreview, terminal

# fail_on: [contradicted, exaggerated]  # exit 1 on these verdicts; also attribution:VERDICT, findings
# baseline: reports/previous.json       # an earlier JSON report: list what changed since
# fail_on_change: worse                 # with a baseline: exit 1 when a verdict changed (any) or got worse

# publisher:                    # for the claimreview format
#   name: Example Fact Check
#   type: organization          # or person
#   url: https://example.org
#   review_url: https://example.org/audit#{id}

# engine: builtin               # who counts incident-level files: builtin, or duckdb
# max_file_size: 50MB           # the largest input file read
`;
