"""The goose game ("jeu de l'oie"): boards, rules and cards generated from the circuit data."""
