"""placeholder"""
CHECKS = ()
