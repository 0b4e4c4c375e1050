"""Action plans: a status and a deadline as councils write them (cells), which column holds what (columns), a plan
read into actions or problems (read), what a plan shows (views) and the steps of the Action plans page (flow)."""
