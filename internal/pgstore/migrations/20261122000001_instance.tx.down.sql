DROP TABLE munireg_instance;
