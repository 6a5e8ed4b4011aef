"""Analysis: key figures read from the tables, and the portal of bodies, reports and regions."""
