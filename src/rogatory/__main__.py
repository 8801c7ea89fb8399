from rogatory.cli import main

main()
