from mlrepo.cli import main

raise SystemExit(main())
