"""Check functions for the exercises at the end of each notebook: each answers in words.

One module per notebook topic; a check prints whether the answer is right and, if not, a hint.
"""
