from cityos.content.demo import load
from cityos.platform.demo import demo_command

Command = demo_command(load, "Load content's demo data (JSON in on stdin, JSON out on stdout).")
