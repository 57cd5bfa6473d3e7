"""Masking of personal data for people who do not handle the household or case."""


def mask_name(name):
    """张三丰 → 张*: the family name only, not even the length of the rest."""
    if not name:
        return name
    return name[0] + "*"


def mask_phone(phone):
    """13812341234 → 138****1234."""
    if not phone:
        return phone
    if len(phone) <= 7:
        return phone[:1] + "*" * (len(phone) - 1)
    return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]


def mask_id_number(number):
    """510104199001011234 → 5101**********1234."""
    if not number:
        return number
    if len(number) <= 8:
        return "*" * len(number)
    return number[:4] + "*" * (len(number) - 8) + number[-4:]
