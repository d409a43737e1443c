from cityos.commerce.demo import load
from cityos.platform.demo import demo_command

Command = demo_command(load, "Load commerce's demo data (JSON in on stdin, JSON out on stdout).")
