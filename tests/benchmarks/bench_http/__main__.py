import sys

from tests.benchmarks.bench_http.main import main

sys.exit(main())
