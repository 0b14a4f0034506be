"""Urgent offers: answering, the employer's round page, inbox, message preferences."""
